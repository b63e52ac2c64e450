"""The gongwen engine: county tables in, official documents out."""
