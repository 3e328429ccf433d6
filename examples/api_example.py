"""Use rnnbib from Python: read the example list, look at the works, write several formats.

Run from the repository root:  python examples/api_example.py
"""

from pathlib import Path

import rnnbib

here = Path(__file__).parent
bib = rnnbib.read(here / "rnn-and-lstm.md")  # offline: nothing here touches the network

print(f"{len(bib)} works read from the list")
for item in list(bib)[:3]:  # each item is a CSL-JSON dict; "id" is the citekey
    print(f"  {item['id']}: {item['title']} ({item['type']})")

# rnnbib.resolve(bib, mailto="you@example.org")  # fill in metadata from arXiv, Crossref, GitHub

out = Path("api-example-out")
out.mkdir(exist_ok=True)
bib.write(out / "refs.bib")                      # BibTeX (format from the suffix)
bib.write(out / "refs-biblatex.bib", "biblatex")  # BibLaTeX for biber
bib.write(out / "refs.ris")                      # RIS for Zotero, EndNote ...
print(bib.to_string("text", style="ieee").splitlines()[0])
print(f"report summary: {bib.report()['summary']}")
