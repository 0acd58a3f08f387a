"""The quality-service report as a document: HTML with inline CSS and SVG, and PDF from it."""
