"""Common passwords: the password must not be a common password or a small variation of one.

Sources: `"zxcvbn"` (the `passwords` list bundled in the installed zxcvbn
package, 30,000 entries) and word list files (a path relative to the policy
file, or a file name in the bundled `wordlists/`). Each source is read and
indexed once per process (bouncer.wordlists).

A password matches a source when its NFKC + casefold form is an entry, or,
with `normalise`, when it is one after leet normalisation and stripping of
leading/trailing digits and symbols (bouncer.normalize): `P@ssw0rd2024` is
`password`. Stripped cores shorter than `min_length` are not matched, so
`ab12` is not caught as `ab`. Params `{"list": "<source as named in the
policy>"}` for the first source that matched.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.normalize import forms
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.wordindex import WordIndex
from bouncer.wordlists import ZXCVBN_SOURCE, source_index

__all__ = ["CommonPasswordsConfig", "CommonPasswordsRule"]


class CommonPasswordsConfig(RuleConfig):
    type: Literal["common_passwords"] = "common_passwords"
    sources: list[str] = Field(default_factory=lambda: [ZXCVBN_SOURCE], min_length=1)
    normalise: bool = True
    # Below 4, stripping would turn many strong passwords into a listed 3-letter word.
    min_length: int = Field(default=4, ge=1, le=64)


class CommonPasswordsRule(Rule[CommonPasswordsConfig]):
    type = "common_passwords"
    config_model = CommonPasswordsConfig
    cost = 40

    def __init__(self, config: CommonPasswordsConfig, load: LoadContext) -> None:
        super().__init__(config, load)
        # Indexes are shared across rules and policies: loaded once per process.
        self.sources: list[tuple[str, WordIndex]] = [
            (entry, source_index(entry, load.policy_dir)) for entry in dict.fromkeys(config.sources)
        ]

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        folded = pw.folded
        for name, index in self.sources:
            if index.contains_exact(folded):
                return self.violation(Reason.COMMON_PASSWORD, list=name)
        if self.config.normalise:
            f = forms(pw)
            for name, index in self.sources:
                if index.match_whole(f, self.config.min_length):
                    return self.violation(Reason.COMMON_PASSWORD, list=name)
        return None

    def help_texts(self) -> list[str]:
        return [render_help(Reason.COMMON_PASSWORD, {})]
