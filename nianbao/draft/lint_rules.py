"""What template lint says: its problems, their Chinese messages and the hints that go with them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from nianbao.core.findings import Level
from nianbao.draft.tags import Tag

_FULLWIDTH = re.compile(r"[（）｜，：；　！＝＜＞［］｛｝％．]")
_STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"")
MESSAGES = {
    "split": "标签跨越了段落（开始和结束不在同一段），生成时前后两段会被合并；请把整个标签放在一段内",
    "unterminated": "标签没有结束符“{close}”",
    "stray": "多余的“{tok}”：前面没有对应的开始符号，可能是标签开头写错",
    "fullwidth-brace": "全角花括号“｛”不会被识别为标签，请改用英文半角“{{”",
    "smart-quote": "标签中有中文引号或弯引号，程序会自动换成英文引号；建议改为英文直引号 ' 和 \"",
    "p-text": "“{{%p … %}}”所在的整段会被删除，同段的文字“{rest}”会丢失；{{%p … %}}须单独占一段",
    "p-many": "一段里只能有一个“{{%p … %}}”标签，请分成几段",
    "table-tag": "表格标签只能放在表格里",
    "no-opener": "多余的结束标签：前面没有对应的“{{% {want} … %}}”",
    "no-if": "前面没有对应的“{{% if … %}}”或“{{% for … %}}”",
    "unclosed": "没有对应的结束标签“{{%{prefix} end{kw} %}}”",
    "end-extra": "结束标签“{kw}”后面不能再写其他内容",
    "prefix": "与第{n}段的“{other}”类型不一致：“{{%{a}”与“{{%{b}”不能混用",
    "inline-block": "段内标签与第{n}段的“{other}”不在同一段；跨段的条件或循环请用“{{%p … %}}”并单独占段",
    "p-space": "“{{%”与“{kw}”之间不能有空格，应写成“{{%{kw} ”（{kw}后面留一个英文空格）",
    "unknown-tag": "未知的标签“{kw}”{hint}",
    "syntax": "标签写法有误（{detail}）{hint}",
    "undeclared": "未定义的名称“{name}”{hint}；模板可用的名称：{names}",
    "filter": "未知的过滤器“{name}”{hint}",
    "test": "未知的判断“is {name}”",
    "r-needed": "{filters} 生成的是带格式的文字，须写成“{{{{r … }}}}”（r 后面留一个空格）",
    "r-plain": "“{{{{r … }}}}”只用于 {filters}；普通内容请写成“{{{{ … }}}}”",
    "method": "{obj} 没有“{attr}”，可用：{allowed}",
    "attribute": "模板只能读取报告数据，不能访问“{attr}”（可能用于读写文件或程序内部），请删除",
    "unknown-code": "指标目录中没有指标编码“{code}”{hint}",
    "unknown-part": "指标目录中没有报告部分“{key}”{hint}，这部分的文字不会出现",
    "numbering": "编号样式有误：{detail}",
    "whole": "模板整体语法检查未通过（{detail}）",
    "unused": "指标“{name}”在模板中没有使用，报告中不会出现",
}


@dataclass(frozen=True)
class LintProblem:
    """One template problem: level, rule id, where (paragraph / table cell), the tag, Chinese message."""

    level: Level
    rule: str
    where: str
    excerpt: str
    message: str
    paragraph: int = 0

    def __str__(self) -> str:
        tag = f"“{self.excerpt}”" if self.excerpt else ""
        return f"{self.level}：{self.where}{tag}：{self.message}"


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hint(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"（是否应为“{close[0]}”？）" if close else ""


REMINDERS = ("stray", "fullwidth-brace", "smart-quote", "inline-block", "unused")


def syntax_hint(tag: Tag) -> str:
    if found := _FULLWIDTH.search(_STRINGS.sub("", tag.body)):
        return f"：标签中有全角符号“{found.group()}”，请改用英文半角符号"
    if re.match(r"r['\"]", tag.raw[2:]):
        return "：“{{r”后面要留一个英文空格"
    return ""
