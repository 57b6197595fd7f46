"""Regular expressions for the recurring shapes of a government work report.

Only this module spells them; :mod:`layout` uses them on raw lines and
:mod:`structure` on normalized paragraphs, so both accept ASCII and full-width
variants of punctuation.
"""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十"
#: characters that carry nothing visible: dropped by the reader wherever they are
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: control characters that are neither whitespace nor line breaks (NUL, BEL, ESC, DEL …): stray bytes in a text
#: file, dropped by the reader and listed in ``Report.dropped``
CONTROL = "\x00-\x08\x0e-\x1b\x7f"
CONTROL_RUN = re.compile(f"[{CONTROL}]+")
# a line/paragraph "ends" a unit when its last visible char is one of these
# (optionally followed by closing quotes/brackets)
END_PUNCT = re.compile(r"[。！？!?：:；;…][”’」』）)》]*$")
# where a sentence ends inside a paragraph: 。！？ and the closing quotes/brackets after them
SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)》]*")
OPENERS = "《“‘（(【［「『"
CLOSERS = "，,。、；;：:）)》”’！!？?%】］」』"
#: web text broken inside a sentence by inline markup (<sub>2.5</sub>, bold runs): a line
#: ending in Latin letters before a number, a line that is only a number, a line ending
#: in 的, a next line that starts with 是：/为：
WEB_BREAK_BEFORE_NUMBER = re.compile(r"[A-Za-z]$")
NUMBER_ONLY = re.compile(r"^[0-9０-９.．%]+$")
CONTINUES_COPULA = re.compile(r"^[是为][：:]")

SALUTATION = re.compile(r"^各位代表\s*[：:！!，,]")
MEETING = re.compile(
    r"^[（(]?\s*[—\-－–―─]*\s*.{0,30}?在.{0,40}?(人民代表大会|人大).{0,20}?会议上"
)
DATE_IN_MEETING = re.compile(
    r"([0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
)
#: the title of a place's head of government (广东省省长, 海拉尔区区长)
LEADER_TITLE = r"(?:市长|省长|主席|区长|县长|州长|盟长|旗长)"
SPEAKER_TITLE = rf"(?:{LEADER_TITLE}|总理|委员会主任|国务委员[^ \u3000]{{0,12}}主任)"
_NAME = r"(?:[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3}|[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8})"
SPEAKER = re.compile(rf"^(?P<role>[^报告]{{0,24}}?{SPEAKER_TITLE})\s*(?P<name>{_NAME})$")
BARE_NAME = re.compile(rf"^{_NAME}$")
SPEAKER_ROLE = re.compile(rf"^[^报告]{{0,24}}?{SPEAKER_TITLE}$")

# page furniture (raw lines)
RUNNING_HEADER = re.compile(
    r"^.{0,24}(人大|人民代表大会|政协).{0,16}(文件|材料)\s*[（(]\s*[0-9０-９]+\s*[)）]$"
)
PAGE_NUMBER = re.compile(r"^[-—–－―~～\s]*[0-9０-９]{1,4}[-—–－―~～\s]*$")
DASHED_PAGE_NUMBER = re.compile(r"^[-—–－―~～]+\s*[0-9０-９]{1,4}\s*[-—–－―~～]+$")
PAGE_OF = re.compile(r"^第\s*[0-9０-９]+\s*页(\s*[/，,]?\s*共\s*[0-9０-９]+\s*页)?$")

# web chrome (raw lines, stripped)
CHROME_WORDS = {
    "下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "【", "】", "大", "中", "小", "首页", ">", "》",
    "分享", "分享到", "分享到:", "分享到：", "分享:", "分享：", "|", "×", "关闭", "关闭窗口", "打印本页",
    "【字号：", "【字号:", "【字体：", "【字体:", "字号", "字体", "来源:", "来源：", "时间:", "时间：",
    "发表时间:", "发表时间：", "发布时间:", "发布时间：", "阅读量:", "阅读量：", "分享到微信",
}
CHROME_LINE = re.compile(
    r"^(【?\s*(字号|字体)|来源\s*[:：]|时间\s*[:：]|发布(时间|日期)\s*[:：]|发表时间|阅读(量|次数)?\s*[:：]|"
    r"日期\s*[:：]|作者\s*[:：]|(责任)?编辑\s*[:：]|当前位置|您的位置|您现在的位置|浏览次数|点击数|"
    r"【\s*(打印|关闭)|扫一扫|分享到)"
)
DATETIME_LINE = re.compile(
    r"^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?(\s+\d{1,2}\s*[:时]\s*\d{2}(\s*[:分]\s*\d{2}秒?)?分?)?$"
)
PHOTO_CAPTION = re.compile(r"(记者|摄影|通讯员).{0,30}摄\s*$|摄\s*$|作政府工作报告。.{0,40}(记者|摄)")
END_CHROME = re.compile(
    r"^(相关(报道|文档|链接|新闻|阅读|稿件)|责任编辑|(编辑|审核|校对)\s*[:：]|扫一扫|【?\s*打印本页|【\s*关闭|"
    r"关闭窗口|》》|分享到|本作品(是|来自|在全世界)|注：中文维基文库|"
    r"Public domain|[（(]来源\s*[:：])"
)

# structure (normalized paragraphs; ASCII variants accepted for raw lines too)
PART_HEADING = re.compile(rf"^(?P<num>[{CN_NUM}]{{1,3}})\s*[、，,．.]\s*(?P<title>[^。！？]{{1,60}}?)[。]?$")
#: words that make a part a review of the past year, or a plan for the next
REVIEW_WORDS = re.compile(r"回顾|总结|成就|成绩|过去")
PLAN_WORDS = re.compile(r"目标|任务|安排|重点|建议|部署|考虑|要求|举措|展望|自身建设")
PART_WORDS = re.compile(r"回顾|总结|目标|任务|安排|重点|主要工作|工作建议|自身建设|结束语|发展成就|部署|展望|考虑|要求")
SECTION_HEADING = re.compile(rf"^[（(](?P<num>[{CN_NUM}]{{1,3}})[）)]\s*")
ITEM_MARKER = re.compile(r"^(?:(?P<arabic>[0-9]{1,2})[.．、](?![0-9])|[（(](?P<paren>[0-9]{1,2})[）)]|(?P<circled>[\u2460-\u2473]))\s*")
CIRCLED = re.compile(r"[\u2460-\u2473]")
GLOSSARY_HEADING = re.compile(
    r"^(附件\s*[0-9]*\s*[:：]?\s*)?(《?政府工作报告》?)?(有关内容)?\s*(名\s*词\s*解\s*释|名\s*词\s*注\s*释|名\s*词\s*说\s*明|注\s*释|注\s*解)\s*[:：]?$"
)
APPENDIX_HEADING = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?$")
GLOSSARY_ENTRY = re.compile(
    r"^(?:(?P<num>[0-9]{1,3})\s*[.．、]\s*|[［\[【〔](?P<bnum>[0-9]{1,3})[］\]】〕]\s*)?"
    r"(?P<term>[^：:。；;\n]{1,48}?)\s*"
    r"(?:[（(]\s*见第?\s*(?P<page>[0-9]{1,3})\s*页\s*[)）])?\s*[：:]"
)
PAGE_REF = re.compile(r"[（(]\s*见第?\s*[0-9]{1,3}\s*页\s*[)）]")
