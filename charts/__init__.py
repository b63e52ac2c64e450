"""Charts for the documents, drawn with matplotlib in a real CJK font."""
