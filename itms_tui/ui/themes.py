"""The desk's two themes: Textual's own dark and light, with every colour that text is drawn in
made legible (WCAG AA, at least 4.5:1 against the background it is drawn on).

Textual's themes fall short in places this app shows text: unfocused panel titles in
`$secondary` (1.7:1 in the dark theme), the light theme's `$text-success` / `$text-warning`
(about 3.5:1), placeholders in `$text-disabled`, the highlighted row's white on bright blue
(3.8:1). The themes keep their names, so a saved theme and the palette's theme picker work as
before; `tests/ui/test_contrast.py` measures every text on screen in both.
"""

from __future__ import annotations

from dataclasses import replace

from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

#: Variables changed, per theme. The highlighted row is dark (dark theme) or pale (light theme):
#: a badge in red, green or amber must read on it as well as on the panel around it.
LEGIBLE = {
    "textual-dark": {
        "text-disabled": "auto 60%",
        "block-cursor-background": "#0B2D4F",
        "block-cursor-foreground": "#FFFFFF",
        "footer-key-foreground": "#FFC473",
    },
    "textual-light": {
        "text-muted": "auto 75%",
        "text-disabled": "auto 75%",
        "text-success": "#1B5E20",
        "text-warning": "#6B4200",
        "text-accent": "#6B4200",
        "text-error": "#7A273C",
        "text-secondary": "#00406F",
        "block-cursor-background": "#C4DCF2",
        "block-cursor-foreground": "#111111",
        "block-cursor-blurred-background": "#D6E4F0",
        "footer-key-foreground": "#004578",
    },
}


#: Colours changed, per theme: the dark theme's primary blue carried white button labels at
#: 3.8:1; this one, a shade darker, at 6:1.
LEGIBLE_COLOURS = {
    "textual-dark": {"primary": "#0063B1"},
    "textual-light": {},
}


def legible_themes() -> list[Theme]:
    return [
        replace(BUILTIN_THEMES[name], **LEGIBLE_COLOURS[name],
                variables={**BUILTIN_THEMES[name].variables, **changes})
        for name, changes in LEGIBLE.items()
    ]


def text_colour(app, name: str) -> str:
    """A theme's text colour (`text-error`, `text-muted`, …) as a solid colour for Rich text,
    which knows no `$variables`: tables and logs use it."""
    variables = app.theme_variables
    background = Color.parse(variables["background"])
    value = variables[name]
    if value.startswith("auto"):
        colour = background.get_contrast_text(float(value.split()[1].rstrip("%")) / 100)
    else:
        colour = Color.parse(value)
    return (background + colour).hex
