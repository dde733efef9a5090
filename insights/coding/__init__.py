"""The codebook (themes, categories, codes) and help with coding."""
