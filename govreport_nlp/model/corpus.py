"""Raw text for masked-language-model pretraining, read from a data folder (``../shared/data``).

Sources, all public (see that folder's SOURCES.md): government work reports (national
1954-2025, provincial 2026, Hailar district; the reserved ones left out by
:func:`govreport_nlp.reading.corpora.iter_reports`), CPC congress reports, laws and
regulations, central and Shandong policy documents, THUCNews articles, and the
training splits of the CTB6 and SXU segmentation corpora with spaces removed.

Every text goes through the project's own normalization, so the model sees what
the library feeds it later.  Whole documents are split into a training and a
held-out part by a hash of their id (not at random per run), and the sample report
``corpus/hangzhou-2023.txt`` is always held out.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..reading.corpora import iter_reports
from ..reading.normalize import normalize_fragment

_MD = re.compile(r"^\s*(#+\s*|[-*>]\s+|<!--.*?-->)|!\[.*?\]\(.*?\)|<[^>]+>")
_SPLIT = re.compile(r"(?<=[。！？；])")


@dataclass(frozen=True)
class Document:
    id: str
    source: str  # "report" | "law" | "policy" | "news" | "cws"
    lines: list[str]


def is_heldout(doc_id: str, share: float = 0.03) -> bool:
    if "hangzhou-2023" in doc_id:
        return True
    h = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < share


def _clean_lines(text: str, max_len: int = 250) -> list[str]:
    out = []
    for line in text.splitlines():
        line = _MD.sub("", line).strip()
        if not line:
            continue
        line = normalize_fragment(line)
        if sum("\u4e00" <= c <= "\u9fff" for c in line) < 4:
            continue
        while len(line) > max_len:  # cut long lines at a sentence end when possible
            cut = max((m.start() for m in _SPLIT.finditer(line, 0, max_len)), default=max_len) or max_len
            out.append(line[:cut])
            line = line[cut:]
        if line:
            out.append(line)
    return out


def iter_documents(data_dir, sample_report: Path | None = None) -> Iterator[Document]:
    """Every pretraining document in ``data_dir`` (and the sample report, which is held out)."""
    from ..reading import read

    data_dir = Path(data_dir)
    if sample_report is not None and sample_report.is_file():
        r = read(sample_report)
        yield Document("report/hangzhou-2023", "report", [s.text for s in r.sentences])
    for cr in iter_reports(data_dir, national_from=1900):
        r = read(cr.text, report_id=cr.id)
        yield Document(f"report/{cr.id}", "report", [s.text for s in r.sentences])
    cpc = data_dir / "gwr_national" / "cpc_congress_reports.jsonl"
    if cpc.is_file():
        for k, line in enumerate(cpc.open(encoding="utf-8")):
            d = json.loads(line)
            yield Document(f"report/cpc-{k}", "report", _clean_lines(d["content"]))
    for path in sorted((data_dir / "laws_regulations_lawrefbook").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            d = json.loads(line)
            yield Document(f"law/{d['path']}", "law", _clean_lines(d["text"]))
    policy = data_dir / "policy_docs_central_shandong" / "policy_docs.jsonl"
    if policy.is_file():
        for k, line in enumerate(policy.open(encoding="utf-8")):
            d = json.loads(line)
            yield Document(f"policy/{k}", "policy", _clean_lines(d.get("content") or ""))
    news = data_dir / "news_thucnews_cnews_sample" / "cnews_sample_1000.tsv"
    if news.is_file():
        for k, line in enumerate(news.open(encoding="utf-8")):
            _, _, text = line.partition("\t")
            yield Document(f"news/{k}", "news", _clean_lines(text))
    for rel in ("cws/ctb6/ctb6.train.seg", "cws/sxu/train.txt"):
        path = data_dir / rel
        if path.is_file():
            lines = [ln.replace(" ", "") for ln in path.read_text(encoding="utf-8").splitlines()]
            for k in range(0, len(lines), 200):  # 200 sentences a document
                yield Document(f"cws/{rel}/{k}", "cws", _clean_lines("\n".join(lines[k:k + 200])))


def write_corpus(data_dir, out_dir, sample_report: Path | None = None) -> dict:
    """Write ``train.txt`` and ``heldout.txt`` (one text line per line, a blank line between
    documents) and return counts per source and split."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stats: dict = {}
    with open(out_dir / "train.txt", "w", encoding="utf-8") as tr, \
            open(out_dir / "heldout.txt", "w", encoding="utf-8") as ho:
        for doc in iter_documents(data_dir, sample_report):
            if not doc.lines:
                continue
            split = "heldout" if is_heldout(doc.id) else "train"
            fh = ho if split == "heldout" else tr
            fh.write("\n".join(doc.lines) + "\n\n")
            s = stats.setdefault(doc.source, {}).setdefault(split, {"docs": 0, "chars": 0})
            s["docs"] += 1
            s["chars"] += sum(map(len, doc.lines))
    (out_dir / "corpus_stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    return stats
