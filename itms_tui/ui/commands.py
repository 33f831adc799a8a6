"""The command palette offers only what makes sense for the number in focus, like the footer."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..core.names import ConsentState
from ..core.phones import format_national


class DeskCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen
        number = getattr(screen, "number", None)
        if number is None or not hasattr(screen, "action_opt_in_request"):
            return []
        state = self.app.service.consent(number).state
        who = format_national(number)
        commands: list[tuple[str, str, object]] = []
        if state in (ConsentState.NONE, ConsentState.AWAITING_YES, ConsentState.AWAITING_PIN):
            commands += [
                (f"Send Opt In Request to {who}", "PIN flow: YES, then the agent enters the PIN",
                 screen.action_opt_in_request),
                (f"Quick Opt In {who}", "YES opts the number in, no PIN", screen.action_quick_opt_in),
            ]
        if state is ConsentState.AWAITING_PIN:
            commands.append((f"Enter the PIN for {who}", "Txt Msg Auth Code", screen.action_enter_pin))
        if state is ConsentState.OPTED_IN:
            commands += [
                (f"Text {who}", "a free text to an opted-in number", screen.action_reply),
                (f"Send the account link to {who}", "the link template", screen.action_send_link),
            ]
        if state is not ConsentState.OPTED_OUT:
            commands.append((f"Opt {who} out", "one confirmation, then silence", screen.action_opt_out))
        if self.app.service.possible_opt_outs(number):
            commands.append((f"Dismiss the possible opt-out from {who}",
                             "not an opt-out: the state stays, the audit keeps your reason (u)",
                             screen.action_dismiss_possible_opt_out))
        commands += [
            (f"Arrange a payment plan for {who}", "sends an opt-in request if needed",
             screen.action_payment_plan),
            ("Advance the clock 1 minute", "simulated time", partial(screen.action_advance, "1m")),
            ("Advance the clock 1 hour", "simulated time", partial(screen.action_advance, "1h")),
            (f"Advance to the send window of {who}", "releases held texts", screen.action_to_window),
            (f"Inject a carrier fault on {who}", "delay, drop, duplicate, fail", screen.action_faults),
            ("Switch the simulated phone", "the account's numbers and an unknown one",
             screen.action_switch_phone),
            ("Text from any number…", "the phone texts from a number you type (a stranger for "
             "the supervisor to link)", screen.action_phone_from),
            (f"Export the conversation with {who}", "Markdown and CSV under the data folder",
             screen.action_export_conversation),
        ]
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
