"""Guided sessions in a Telegram group, led by a youth worker (the facilitator).

`/session CODE [language]` with a code the deploying NGO set starts one; the facilitator picks the
module with a button; the bot posts each scenario and a native quiz poll (anonymous votes) and, on
the facilitator's `/next`, closes the poll, explains the answer and goes on. At the end: the vote
counts in the group and, privately to the facilitator, the module's discussion prompts.

Nothing is kept after the session and nothing is logged about who voted: Telegram counts the votes
of an anonymous poll and never tells the bot who chose what. During a session the bot holds, in
memory only, a keyed hash of the facilitator (to know who may move on) and their private chat id
(for the prompts), and drops both at the end.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from telegram import Poll, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.locales import fill
from bot.nlg import ResponseRenderer
from bot.sessions import Module
from bot.telegram.replies import Payloads, to_telegram

logger = logging.getLogger(__name__)

MAX_WRONG_CODES = 5
WRONG_CODE_WINDOW = 3600.0  # seconds


class FacilitatorCodes:
    """The codes the NGO set. After MAX_WRONG_CODES wrong codes within the hour, from one group or
    from one person, every code is refused there until the hour has passed."""

    def __init__(self, codes: frozenset[str], clock=time.monotonic) -> None:
        self._codes = codes
        self._clock = clock
        self._wrong: dict[str, deque[float]] = defaultdict(deque)

    @property
    def configured(self) -> bool:
        return bool(self._codes)

    def check(self, code: str, *keys: str) -> str:
        """'ok', 'wrong' or 'locked'. The keys name who tries (hashes of the group and the person)."""
        now = self._clock()
        for key in keys:
            wrong = self._wrong[key]
            while wrong and now - wrong[0] >= WRONG_CODE_WINDOW:
                wrong.popleft()
        if any(len(self._wrong[key]) >= MAX_WRONG_CODES for key in keys):
            return "locked"
        # Compare with every code in constant time, so timing tells nothing about a near miss.
        right = False
        for known in self._codes:
            right |= hmac.compare_digest(code.encode("utf-8"), known.encode("utf-8"))
        if right:
            return "ok"
        for key in keys:
            self._wrong[key].append(now)
        return "wrong"


@dataclass
class GroupSession:
    facilitator: str  # keyed hash of the youth worker's Telegram id
    facilitator_chat: int  # their private chat, for the prompts at the end (memory only)
    language: str
    module: Module | None = None
    step: int = -1
    poll_message_id: int | None = None
    # Votes per choice, for each scenario asked so far: counts only, never who.
    votes: list[list[int]] = field(default_factory=list)


class GroupSessions:
    def __init__(self, renderer: ResponseRenderer, codes: FacilitatorCodes, payloads: Payloads) -> None:
        self.renderer = renderer
        self.texts = renderer.sessions
        self.codes = codes
        self.payloads = payloads
        self.running: dict[str, GroupSession] = {}  # by the keyed hash of the group

    # --- commands -------------------------------------------------------------------------------

    async def start(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, group: str, person: str, language: str
    ) -> None:
        """/session CODE [language] in a group."""
        chat_id = update.effective_chat.id
        args = list(context.args or [])
        if args:
            # The code must not stay readable in the group (works when the bot may delete messages).
            with contextlib.suppress(TelegramError):
                await update.effective_message.delete()
        if not self.codes.configured:
            return await self.say(context, chat_id, "utter_session_group_not_set_up", language)
        if not args:
            return await self.say(context, chat_id, "utter_session_group_how", language)
        if group in self.running:
            return await self.say(context, chat_id, "utter_session_group_running", language)
        verdict = self.codes.check(args[0], group, person)
        if verdict != "ok":
            key = "utter_session_group_locked" if verdict == "locked" else "utter_session_group_wrong_code"
            return await self.say(context, chat_id, key, language)
        if len(args) > 1:
            language = self.renderer.language_of(args[1])
        self.running[group] = GroupSession(person, update.effective_user.id, language)
        await self.say(context, chat_id, "utter_session_group_start", language)

    async def pick(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, group: str, person: str, module_id: str
    ) -> None:
        """The facilitator pressed a module's button."""
        session = self.running.get(group)
        if session is None or session.module is not None:
            return  # an old button, or pressed twice
        if person != session.facilitator:
            return await self.say(
                context, update.effective_chat.id, "utter_session_group_only_facilitator", session.language
            )
        module = self.texts.plan.module(module_id)
        if module is None:
            return
        session.module = module
        for part, _ in enumerate(self.texts.intro(session.language, module.id)):
            await self.say(
                context, update.effective_chat.id, "utter_session_intro", session.language, module=module.id, part=part
            )
        await self._ask(context, update.effective_chat.id, session, 0)

    async def next(self, update: Update, context: ContextTypes.DEFAULT_TYPE, group: str, person: str) -> None:
        session = self.running.get(group)
        if session is None or session.module is None:
            return
        if person != session.facilitator:
            return await self.say(
                context, update.effective_chat.id, "utter_session_group_only_facilitator", session.language
            )
        chat_id = update.effective_chat.id
        await self._close_poll(context, chat_id, session)
        if session.step + 1 < len(session.module.scenarios):
            await self._ask(context, chat_id, session, session.step + 1)
        else:
            await self._finish(context, chat_id, group, session)

    async def stop(self, update: Update, context: ContextTypes.DEFAULT_TYPE, group: str, person: str) -> None:
        session = self.running.get(group)
        if session is None:
            return
        if person != session.facilitator:
            return await self.say(
                context, update.effective_chat.id, "utter_session_group_only_facilitator", session.language
            )
        chat_id = update.effective_chat.id
        if session.module is not None:
            await self._close_poll(context, chat_id, session)
        await self._finish(context, chat_id, group, session)

    # --- steps ----------------------------------------------------------------------------------

    async def _ask(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, session: GroupSession, step: int) -> None:
        module, language = session.module, session.language
        scenario = module.scenarios[step]
        session.step = step
        await self.say(
            context,
            chat_id,
            "utter_session_group_card",
            language,
            module=module.id,
            scenario=scenario.id,
            number=step + 1,
            total=len(module.scenarios),
        )
        poll = await context.bot.send_poll(
            chat_id,
            self._text(self.texts.scenario(language, module.id, scenario.id, "question")),
            self.texts.choice_texts(language, module, scenario),
            is_anonymous=True,
            type=Poll.QUIZ,
            correct_option_ids=[scenario.correct_index],
            explanation=self._text(self.texts.scenario(language, module.id, scenario.id, "explanation")),
        )
        session.poll_message_id = poll.message_id

    async def _close_poll(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, session: GroupSession) -> None:
        """Stop the poll, keep its counts, and explain the answer."""
        if session.poll_message_id is None:
            return
        scenario = session.module.scenarios[session.step]
        counts = [0] * len(scenario.choices)
        try:
            poll = await context.bot.stop_poll(chat_id, session.poll_message_id)
            counts = [option.voter_count for option in poll.options][: len(counts)] + counts[len(poll.options) :]
        except TelegramError as error:  # deleted by someone, or already closed
            logger.warning("could not close a session poll: %s", type(error).__name__)
        session.poll_message_id = None
        session.votes.append(counts)
        await self.say(
            context,
            chat_id,
            "utter_session_group_answer",
            session.language,
            module=session.module.id,
            scenario=scenario.id,
        )

    async def _finish(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, group: str, session: GroupSession
    ) -> None:
        del self.running[group]
        language = session.language
        if session.module is None:
            return await self.say(context, chat_id, "utter_session_group_stopped", language)
        module = session.module.id
        if session.votes:
            await self.say(context, chat_id, "utter_session_group_summary", language, results=self.results(session))
        await self.say(context, chat_id, "utter_session_group_end", language, module=module)
        prompts = self.renderer.render("utter_session_group_prompts", language, {"module": module})
        try:
            await self._send(context, session.facilitator_chat, [prompts] if prompts else [])
        except TelegramError:
            # Telegram lets a bot write to a person only after they started a chat with it.
            await self.say(context, chat_id, "utter_session_group_prompts_failed", language)

    def results(self, session: GroupSession) -> str:
        """Each scenario asked, then each answer and how many chose it (✅ the best one)."""
        language, module = session.language, session.module
        lines = []
        # Only the scenarios asked so far: the session may have been stopped early.
        for number, (scenario, counts) in enumerate(zip(module.scenarios, session.votes, strict=False), start=1):
            question = self.texts.scenario(language, module.id, scenario.id, "question")
            lines.append(
                fill(
                    self.renderer.locales.label("session_result_question", language),
                    {"number": number, "question": question},
                )
            )
            for index, (choice, count) in enumerate(
                zip(self.texts.choice_texts(language, module, scenario), counts, strict=True)
            ):
                mark = "✅" if index == scenario.correct_index else "▫️"
                label = self.renderer.locales.label("session_result_choice", language)
                lines.append(fill(label, {"mark": mark, "choice": choice, "count": count}))
        return "\n".join(lines)

    def _text(self, text: str) -> str:
        """A session text for a poll: the group's country is not known, so 112 for Europe."""
        return fill(text, {"emergency_number": self.renderer.helplines.europe.emergency_number})

    # --- sending --------------------------------------------------------------------------------

    async def say(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, key: str, language: str, **variables: Any
    ) -> None:
        message = self.renderer.render(key, language, variables)
        if message:
            await self._send(context, chat_id, [message])

    async def _send(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: list[dict[str, Any]]) -> None:
        for message in to_telegram(replies, self.payloads):
            await context.bot.send_message(
                chat_id, message.html, parse_mode=ParseMode.HTML, reply_markup=message.keyboard
            )
