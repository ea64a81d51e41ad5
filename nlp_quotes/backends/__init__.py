"""Optional entity backends that stand in for the shipped CRF (HanLP)."""
