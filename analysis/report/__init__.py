"""The human report: a self-contained HTML file (charts embedded as SVG), a Markdown twin, and the
terminal summary. Every number carries a footnote naming the analysis table and row it comes from."""
