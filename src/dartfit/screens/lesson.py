"""One lesson: its Markdown text, and a keyboard list of the levels and lessons it links to.

Markdown links are only reachable with the mouse, so the same links are listed in a
"Practise it" option list beside (or, on a narrow terminal, below) the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Markdown, OptionList
from textual.widgets._markdown import MarkdownParagraph
from textual.widgets.markdown import MarkdownFence
from textual.widgets.option_list import Option

from dartfit.campaign import unlocked, why_locked
from dartfit.lessons import LESSON_IDS, lesson_text, lesson_title
from dartfit.levels import Level, reused_id
from dartfit.messages import OpenLesson, OpenLevel
from dartfit.progress import Progress
from dartfit.steady.started import DrawnOnceStarted
from dartfit.stylesheet import PLAY
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.scroll import TextScroll
from dartfit.widgets.title_bar import TitleBar
from dartfit.wording import BOUND, kept_runs

LinkKind = Literal["level", "lesson"]
_LINK = re.compile(r"\[([^\]]+)\]\((level|lesson):([A-Za-z0-9_-]+)\)")


@dataclass(frozen=True)
class Link:
    """A ``[text](level:<id>)`` or ``[text](lesson:<id>)`` link in a lesson."""

    kind: LinkKind
    target: str
    text: str

    @property
    def href(self) -> str:
        """The link as written in the Markdown, e.g. ``level:windy``."""
        return f"{self.kind}:{self.target}"


def lesson_links(markdown: str) -> list[Link]:
    """Every level and lesson link of a lesson, in order, without repeats."""
    seen: dict[str, Link] = {}
    for text, kind, target in _LINK.findall(markdown):
        link = Link(kind, target, " ".join(text.split()))
        seen.setdefault(link.href, link)
    return list(seen.values())


def parse_href(href: str) -> tuple[str, str]:
    """Split ``kind:target``; anything else is ``("", href)``."""
    kind, sep, target = href.partition(":")
    return (kind, target) if sep and kind in ("level", "lesson") else ("", href)


class _PlainFence(MarkdownFence):
    """A code block without a language is a worked example: no guessed syntax colours."""

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        return super().highlight(code, language or "text", ansi=ansi, dark=dark)


KEPT_ROOM = 30
"""The widest run a lesson's paragraph keeps on one row (a row is 76 cells at 80 columns)."""


class _KeptParagraph(MarkdownParagraph):
    """A paragraph that never breaks a row inside a short group, a formula, or before a
    number (`wording.kept_runs`): at 80 columns the bowl's lesson read "For the points
    (0," above "1) (1, 3)", the learning rate's "−2·(mean −" above "c)". Textual breaks at
    every space, a no-break one too: the spaces kept are `BOUND` until drawn."""

    def set_content(self, content: Content) -> None:
        text = kept_runs(content.plain, KEPT_ROOM)
        kept = content if text == content.plain else Content(text, list(content.spans))
        super().set_content(kept)

    def render_line(self, y: int) -> Strip:
        strip: Strip = super().render_line(y)
        if not any(BOUND in segment.text for segment in strip):
            return strip
        return Strip(
            [Segment(s.text.replace(BOUND, " "), s.style, s.control) for s in strip],
            strip.cell_length,
        )


class LessonMarkdown(Markdown):
    """Markdown whose worked examples are shown as plain text, its paragraphs wrapped whole
    around short groups and formulas."""

    BLOCKS = {
        **Markdown.BLOCKS,
        "fence": _PlainFence,
        "code_block": _PlainFence,
        "paragraph_open": _KeptParagraph,
    }


class LessonScreen(DrawnOnceStarted, Screen[None]):
    """A lesson's text, scrollable, and a "Practise it" list: enter opens an entry."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("tab", "app.focus_next", "Text ⇄ links", key_display="tab"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]
    HELP = (
        "A lesson: the text scrolls, and the list of links beside it (or below) opens the "
        "levels that practise it and the lessons it builds on."
    )

    progress: var[Progress | None] = var(None, init=False)
    """The player's progress: the levels it has opened may be played from here (None: all)."""

    def __init__(self, concept: str, levels: list[Level], progress: Progress | None = None) -> None:
        super().__init__()
        self.concept = concept
        # by the id its file gives, which a lesson's link names (`kept_apart`)
        self.levels = {reused_id(level) or level.id: level for level in levels}
        self.markdown = lesson_text(concept)
        self.links = lesson_links(self.markdown)
        self.set_reactive(LessonScreen.progress, progress)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="lesson-body"):
            with TextScroll(id="lesson-text") as self._text:
                yield LessonMarkdown(self.markdown, open_links=False)
            self._links = OptionList(id="lesson-links")
            self._links.border_title = "Practise it"
            yield self._links
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = lesson_title(self.concept)
        number = LESSON_IDS.index(self.concept) + 1
        self.sub_title = f"Lesson {number} of {len(LESSON_IDS)}"
        self._fill()
        self._text.focus()

    def watch_progress(self) -> None:
        if self.is_mounted:
            self._fill()

    # the list --------------------------------------------------------------
    def _fill(self) -> None:
        option_list = self._links
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(self._options())
        count = option_list.option_count
        if highlighted is None or highlighted >= count:
            enabled = (i for i in range(count) if not option_list.get_option_at_index(i).disabled)
            highlighted = next(enabled, None)
        option_list.highlighted = highlighted

    def _options(self) -> list[Option | None]:
        def place(link: Link) -> float:  # in the campaign's order (the text's read 4, 15, 7)
            level = self.levels.get(link.target)
            return level.number if level is not None else float("inf")

        level_links = sorted((link for link in self.links if link.kind == "level"), key=place)
        levels = [self._level_option(link) for link in level_links]
        lessons = [
            Option(f"→ {lesson_title(link.target)}", id=link.href)
            for link in self.links
            if link.kind == "lesson" and link.target in LESSON_IDS
        ]
        following = LESSON_IDS[LESSON_IDS.index(self.concept) + 1 :]
        if following and all(link.href != f"lesson:{following[0]}" for link in self.links):
            nxt = following[0]  # the curriculum's next lesson, when the text doesn't link it
            lessons.append(Option(f"→ Next: {lesson_title(nxt)}", id=f"lesson:{nxt}"))
        options: list[Option | None] = [*levels]
        if levels and lessons:
            options.append(None)
        return options + lessons

    def _level_option(self, link: Link) -> Option:
        level = self.levels.get(link.target)
        if level is None:
            label = Text.assemble(f"· {link.text} ", ("(coming soon)", "italic"))
            return Option(label, id=link.href, disabled=True)
        title = f"{level.number}. {level.spec.title}"
        if not self._is_open(level):
            label = Text.assemble(f"× {title} ", ("(locked)", "italic"))
            return Option(label, id=link.href, disabled=True)
        return Option(Text(f"▶ {title}"), id=link.href)  # a title is text, not markup

    def _is_open(self, level: Level) -> bool:
        if self.progress is None:
            return True
        return level.id in unlocked(list(self.levels.values()), self.progress)

    # following a link ------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.follow(event.option_id)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.follow(event.href)

    def follow(self, href: str) -> None:
        """Open what a link points at, or say why it can't be opened."""
        kind, target = parse_href(href)
        if kind == "lesson":
            if target in LESSON_IDS:
                self.post_message(OpenLesson(target))
            else:
                self.notify(
                    f"There is no lesson called “{target}” yet.", severity="warning", markup=False
                )
        elif kind == "level":
            level = self.levels.get(target)
            if level is None:
                text = next((lk.text for lk in self.links if lk.href == href), target)
                self.notify(
                    f"“{text}” is coming soon: that level isn't in the game yet.", markup=False
                )
            elif self.progress is not None and (
                why := why_locked(list(self.levels.values()), self.progress, level.id)
            ):
                self.notify(
                    f"“{level.spec.title}” is locked: {why}.", severity="warning", markup=False
                )
            else:
                self.post_message(OpenLevel(level))
        elif href.startswith(("https://", "http://")):
            self.app.open_url(href)
        else:
            self.notify(f"Can't open the link “{href}”.", severity="warning", markup=False)
