"""Newspaper PDF pages as text (:func:`read_pdf`), and synthetic pages to test against."""

from nlp_quotes.pdf.reader import PdfPage, read_pdf, read_pdf_pages

__all__ = ["PdfPage", "read_pdf", "read_pdf_pages"]
