from govreport_nlp.annotations import records_from_report
from govreport_nlp.annotations.realign import realign
from govreport_nlp.annotations.schema import Record
from govreport_nlp.document import Entity


def _join(a, b):
    return Record(a.report_id, a.sentence_id, a.text + b.text, a.start, b.end, a.part, a.kind, a.heading_path,
                  a.stype, a.domain, (a.entities or []) + [Entity(e.start + len(a.text), e.end + len(a.text),
                                                                  e.label, e.text) for e in b.entities or []])


def test_realign_carries_labels_over_merges_and_splits(hangzhou, labelled):
    gold = records_from_report(hangzhou)
    for r in labelled:
        gold[r.sentence_id] = r
    i = labelled[0].sentence_id  # 全市生产总值18753亿元…
    text = gold[i].text
    cut = text.index("一般公共预算收入")
    # an older segmentation cut this sentence in two ...
    first = Record("hangzhou-2023", i, text[:cut], gold[i].start, gold[i].start + cut, "review", "text", [],
                   "other", "none", [e for e in gold[i].entities if e.end <= cut])
    second = Record("hangzhou-2023", i + 1, text[cut:], gold[i].start + cut, gold[i].end, "review", "text", [],
                    "achievement", "macroeconomics", [Entity(e.start - cut, e.end - cut, e.label, e.text)
                                      for e in gold[i].entities if e.start >= cut])
    # ... and merged the sentence about the Asian Games with the one after it
    j = labelled[1].sentence_id
    old = gold[:i] + [first, second] + gold[i + 1:j] + [_join(gold[j], gold[j + 1])] + gold[j + 2:]
    new, counts = realign(old, hangzhou)
    assert counts == {"same": len(gold) - 3, "merged 2 records into one sentence": 1,
                      "split one record into 2 sentences": 1}
    assert [r.text for r in new] == [r.text for r in gold]
    assert new[i].entities == gold[i].entities and new[i].stype == "achievement"  # the longer piece's labels
    assert new[j].entities == gold[j].entities and new[j + 1].stype == gold[j].stype
    assert [r.sentence_id for r in new] == list(range(len(gold)))


def test_realign_counts_entities_cut_by_a_new_boundary(hangzhou, labelled):
    gold = records_from_report(hangzhou)
    j = labelled[1].sentence_id
    merged = _join(labelled[1], gold[j + 1])
    merged.entities.append(Entity(len(labelled[1].text) - 2, len(labelled[1].text) + 2, "PROJECT",
                                  merged.text[len(labelled[1].text) - 2:len(labelled[1].text) + 2]))
    new, counts = realign(gold[:j] + [merged] + gold[j + 2:], hangzhou)
    assert counts["entity across a new sentence boundary (dropped)"] == 1
    assert len(new) == len(gold)
