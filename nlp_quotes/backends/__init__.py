"""Optional entity backends that stand in for the shipped tagger (HanLP)."""
