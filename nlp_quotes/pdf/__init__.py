"""Newspaper PDF pages as text (:func:`read_pdf`), and synthetic pages to test against."""

from nlp_quotes.pdf.reader import PdfPage, iter_pdf_pages, read_pdf, read_pdf_pages

__all__ = ["PdfPage", "iter_pdf_pages", "read_pdf", "read_pdf_pages"]
