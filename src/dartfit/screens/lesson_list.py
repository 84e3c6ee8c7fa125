"""The lessons, in curriculum order: enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dartfit.lessons import LESSON_IDS, lesson_text, lesson_title
from dartfit.messages import OpenLesson
from dartfit.stylesheet import PLAY
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.pick_list import PickList
from dartfit.widgets.title_bar import TitleBar


def lesson_summary(concept: str) -> str:
    """The lesson's first paragraph (its italic one-sentence summary), as plain text."""
    paragraphs = lesson_text(concept).split("\n\n")
    first = next((p for p in paragraphs if p.strip() and not p.startswith("#")), "")
    return " ".join(first.replace("*", "").split())


class LessonListScreen(Screen[None]):
    """All lessons with their concept ids; the highlighted one's summary below."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]
    HELP = "Every lesson, in curriculum order: enter opens the one under the cursor."

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield PickList(*self._options(), id="lesson-list")
        yield Static("", id="lesson-summary", markup=False)
        yield KeyFooter()

    def _options(self) -> list[Option]:
        return [
            Option(
                Text.assemble(
                    f" {number:>2}. ", f"{lesson_title(concept):<34.34}", (concept, "dim")
                ),
                id=concept,
            )
            for number, concept in enumerate(LESSON_IDS, start=1)
        ]

    def on_mount(self) -> None:
        self.title = "Lessons"
        self.sub_title = "one concept each, with the levels that practise it"
        option_list = self.query_one(OptionList)
        option_list.highlighted = 0
        option_list.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id is not None:
            summary = self.query_one("#lesson-summary", Static)
            summary.update(lesson_summary(event.option_id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(OpenLesson(event.option_id))
