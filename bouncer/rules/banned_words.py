"""Banned words: the password must not be a banned word in disguise, nor built mainly from them.

The list is the policy's `words` plus every file in `files` (a path relative
to the policy file, or a file name in the bundled `wordlists/`). Words shorter
than `min_word_length` are ignored. Matching uses bouncer.normalize (NFKC,
casefold, leet with two-letter symbols, whitespace removed):

- `whole` (`banned_word`, params `{"list": "banned"}`): the password, after
  stripping leading/trailing digits and symbols (keeping those that stand for
  letters), is a banned word; with `edit_distance = 1`, or within one
  insertion, deletion or substitution of one.
- `tokens` (`contains_banned_words`, params `points`, `min_points`): Entra
  Password Protection's score. Scanning the normalised password left to right,
  the longest banned word starting at each position is one point, and every
  other character is one point; a password with at least one banned word and
  fewer than `min_points` points is rejected (`C0ntos0Blank12` with contoso and
  blank: 4 points). Each position costs one dictionary lookup per distinct word
  length, and the scan stops once `min_points` is reached, so a 4,096-character
  input costs the same as a 5-character one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import PolicyError
from bouncer.normalize import forms
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.verdict import Finding
from bouncer.wordindex import WordIndex
from bouncer.wordlists import load_index, resolve_wordlist

__all__ = ["BannedWordsConfig", "BannedWordsRule"]

LIST_NAME = "banned"


class BannedWordsConfig(RuleConfig):
    type: Literal["banned_words"] = "banned_words"
    words: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    whole: bool = True
    tokens: bool = False
    # Entra requires 5 points; the scan's cost grows with this, hence the cap.
    min_points: int = Field(default=5, ge=1, le=64)
    edit_distance: int = Field(default=0, ge=0, le=1)
    # Entra's custom list takes terms of 4+ characters; shorter tokens match too often.
    min_word_length: int = Field(default=4, ge=1, le=64)

    @model_validator(mode="after")
    def _something_to_do(self) -> BannedWordsConfig:
        if not (self.whole or self.tokens):
            raise ValueError("at least one of whole and tokens must be true")
        if not (self.words or self.files):
            raise ValueError("give banned words in words or files")
        return self


def _merge(indexes: list[WordIndex], inline: list[str], min_length: int) -> WordIndex:
    if not inline and len(indexes) == 1:
        return indexes[0]  # share the cached index of a single file
    words: list[str] = list(inline)
    for index in indexes:
        words.extend(index.words())
    return WordIndex(words, min_length)


class BannedWordsRule(Rule[BannedWordsConfig]):
    type = "banned_words"
    config_model = BannedWordsConfig
    cost = 30

    def __init__(self, config: BannedWordsConfig, load: LoadContext) -> None:
        super().__init__(config, load)
        n = config.min_word_length
        files: list[Path] = [resolve_wordlist(entry, load.policy_dir) for entry in config.files]
        self.index = _merge([load_index(p, n) for p in files], config.words, n)
        if len(self.index) == 0:
            raise PolicyError("no banned word is at least min_word_length characters long")
        if config.whole and config.edit_distance:
            self.index.prepare_edit_distance()

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        f = forms(pw)
        cfg = self.config
        result = RuleResult()
        if cfg.whole:
            n = cfg.min_word_length
            hit = self.index.contains_exact(pw.folded) or (
                self.index.match_whole_within_one(f, n) if cfg.edit_distance else self.index.match_whole(f, n)
            )
            if hit:
                result.violations.append(Finding(Reason.BANNED_WORD, {"list": LIST_NAME}))
        if cfg.tokens:
            points, tokens = self.index.token_points(f, cfg.min_points)
            if tokens and points < cfg.min_points:
                params = {"points": points, "min_points": cfg.min_points}
                result.violations.append(Finding(Reason.CONTAINS_BANNED_WORDS, dict(params)))
        return result if result.violations else None

    def help_texts(self) -> list[str]:
        texts = []
        if self.config.whole:
            texts.append(render_help(Reason.BANNED_WORD, {}))
        if self.config.tokens:
            texts.append(render_help(Reason.CONTAINS_BANNED_WORDS, {"min_points": self.config.min_points}))
        return texts
