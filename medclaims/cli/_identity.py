"""Who sends and who receives an X12 file, and its control number: never guessed.

Strategy: each identity value has three sources, tried in order: its flag
(``--sender``), its environment variable (``MEDCLAIMS_SENDER``), then the
config file (``medclaims.toml``: ``--config PATH``, else ``$MEDCLAIMS_CONFIG``,
else ``./medclaims.toml`` when there is one). A required value found nowhere
stops the command before it writes anything, naming every missing value and
where it could come from. The interchange control number (ISA13, GS06) comes
from ``--control-number`` or from a counter file that is incremented under an
exclusive lock (``fcntl.flock``) and replaced atomically, so no two runs, even
at the same moment, ever get the same number, and a crash never resets it.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from medclaims.errors import MedclaimsError
from medclaims.professional import Receiver, Submitter

__all__ = [
    "CONFIG_NAME",
    "SETTINGS",
    "IdentityError",
    "Resolved",
    "Setting",
    "add_identity_arguments",
    "check_control_number",
    "control_number",
    "next_control_number",
    "resolve",
]

CONFIG_NAME = "medclaims.toml"
"""The config file looked for in the working directory."""

MAX_CONTROL_NUMBER = 999_999_999
"""ISA13 has nine digits."""


class IdentityError(MedclaimsError):
    """A required identity or control number is missing, or a config or counter file is bad."""


@attrs.frozen
class Setting:
    """One identity value: its flag, environment variable and place in the config file."""

    dest: str
    flag: str
    env: str
    section: str
    key: str
    what: str
    required: bool = True

    @property
    def config_key(self) -> str:
        """``[section] key`` as written in the config file."""
        return f"[{self.section}] {self.key}"


SETTINGS = (
    Setting("sender", "--sender", "MEDCLAIMS_SENDER", "submitter", "id",
            "submitter id / ETIN (ISA06, GS02, 1000A NM109)"),
    Setting("sender_name", "--sender-name", "MEDCLAIMS_SENDER_NAME", "submitter", "name",
            "submitter name (1000A NM103)"),
    Setting("contact", "--contact", "MEDCLAIMS_CONTACT", "submitter", "contact_name",
            "submitter contact name (1000A PER02)"),
    Setting("phone", "--phone", "MEDCLAIMS_PHONE", "submitter", "phone",
            "submitter contact phone (1000A PER04)"),
    Setting("receiver", "--receiver", "MEDCLAIMS_RECEIVER", "receiver", "id",
            "receiver id (ISA08, GS03, 1000B NM109)"),
    Setting("receiver_name", "--receiver-name", "MEDCLAIMS_RECEIVER_NAME", "receiver", "name",
            "receiver name (1000B NM103)"),
    Setting("counter_file", "--counter-file", "MEDCLAIMS_COUNTER_FILE", "control_number",
            "counter_file", "file holding the last control number used; each run takes the "
            "next (a relative path in the config file is relative to that file)",
            required=False),
)  # fmt: skip
"""Every identity value, in the order ``--help`` lists them."""


@attrs.frozen
class Resolved:
    """The values found, and for each the source it came from (flag, variable or file)."""

    values: Mapping[str, str]
    sources: Mapping[str, str]
    config: Path | None

    def describe(self) -> str:
        """One line naming where each value came from (ids only: they are no PHI)."""
        parts = [f"{s.flag.lstrip('-')} from {self.sources[s.dest]}" for s in SETTINGS
                 if s.dest in self.sources]  # fmt: skip
        return "; ".join(parts)


def add_identity_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the identity flags, ``--config``, ``--control-number`` and their help."""
    group = parser.add_argument_group(
        f"identities (required; from the flag, else the environment variable, else {CONFIG_NAME})"
    )
    for s in SETTINGS:
        metavar = "PATH" if s.dest == "counter_file" else s.key.upper()
        group.add_argument(
            s.flag,
            dest=s.dest,
            default=None,
            metavar=metavar,
            help=f"{s.what}; else ${s.env}, else {s.config_key} in the config file"
            + ("" if s.required else " (optional)"),
        )
    group.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"config file (TOML); else $MEDCLAIMS_CONFIG, else ./{CONFIG_NAME} if present",
    )
    group.add_argument(
        "--control-number",
        type=int,
        default=None,
        metavar="N",
        help="interchange and group control number (ISA13, GS06), 1-999999999; "
        "without it the counter file gives the next unused number",
    )


def _config_path(flag: Path | None, environ: Mapping[str, str], cwd: Path) -> Path | None:
    if flag is not None:
        return flag
    if environ.get("MEDCLAIMS_CONFIG"):
        return Path(environ["MEDCLAIMS_CONFIG"])
    local = cwd / CONFIG_NAME
    return local if local.is_file() else None


def load_config(path: Path) -> dict[str, Any]:
    """The config file as a dict; a missing or malformed file raises :class:`IdentityError`."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise IdentityError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise IdentityError(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise IdentityError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    return data


def resolve(
    args: argparse.Namespace,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Resolved:
    """Each identity value from its flag, variable or config file; every missing one raises.

    Raises :class:`IdentityError` listing each missing required value with the
    three places it could come from.
    """
    environ = os.environ if environ is None else environ
    config_path = _config_path(getattr(args, "config", None), environ, cwd or Path.cwd())
    config = load_config(config_path) if config_path is not None else {}
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    missing: list[str] = []
    for s in SETTINGS:
        flag_value = getattr(args, s.dest, None)
        section = config.get(s.section, {})
        file_value = section.get(s.key) if isinstance(section, dict) else None
        if flag_value:
            values[s.dest], sources[s.dest] = flag_value, s.flag
        elif environ.get(s.env):
            values[s.dest], sources[s.dest] = environ[s.env], f"${s.env}"
        elif file_value not in (None, ""):
            if not isinstance(file_value, str):
                raise IdentityError(f"{config_path}: {s.config_key} must be a string")
            if s.dest == "counter_file" and config_path is not None:
                file_value = str(config_path.parent / file_value)
            values[s.dest], sources[s.dest] = file_value, str(config_path)
        elif s.required:
            missing.append(f"{s.what}: {s.flag}, ${s.env} or {s.config_key} in {CONFIG_NAME}")
    if missing:
        raise IdentityError(
            f"missing {len(missing)} identity value(s), nothing written: " + "; ".join(missing)
        )
    return Resolved(values, sources, config_path)


def check_control_number(args: argparse.Namespace, resolved: Resolved) -> None:
    """Refuse, before any work, when no control number can be had."""
    if args.control_number is not None:
        if not 1 <= args.control_number <= MAX_CONTROL_NUMBER:
            raise IdentityError("--control-number must be between 1 and 999999999")
    elif not resolved.values.get("counter_file"):
        raise IdentityError(
            "no control number, nothing written: give --control-number N, or a counter file "
            "(--counter-file PATH, $MEDCLAIMS_COUNTER_FILE or [control_number] counter_file "
            f"in {CONFIG_NAME}) that hands out the next unused number"
        )


def control_number(args: argparse.Namespace, resolved: Resolved) -> tuple[int, str]:
    """The control number to write and where it came from (a counter file: its next number)."""
    check_control_number(args, resolved)
    if args.control_number is not None:
        return args.control_number, "--control-number"
    path = resolved.values["counter_file"]
    return next_control_number(Path(path)), f"counter file {path}"


def next_control_number(path: Path) -> int:
    """Take the next number from the counter file ``path`` (created holding 0 when absent).

    The read-increment-write runs under an exclusive ``flock`` on ``PATH.lock``;
    the new value is written to a temporary file, flushed to disk and renamed over
    ``path``, so a number is never handed out twice, even to runs started at the
    same moment, and a crash leaves the old or the new value, never an empty file.
    """
    lock_fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            text = ""
        except UnicodeDecodeError:
            raise IdentityError(f"{path}: the counter file must hold one number") from None
        if text and not text.isdigit():
            raise IdentityError(f"{path}: the counter file must hold one number")
        number = int(text or 0) + 1
        if number > MAX_CONTROL_NUMBER:
            raise IdentityError(f"{path}: the counter has reached 999999999; start a new one")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("w", encoding="ascii") as fh:
            fh.write(f"{number}\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return number
    finally:
        os.close(lock_fd)  # closing releases the lock


def parties(resolved: Resolved) -> tuple[Submitter, Receiver]:
    """The submitter (1000A, ISA06) and receiver (1000B, ISA08) that ``resolved`` names."""
    values = resolved.values
    submitter = Submitter(
        name=values["sender_name"],
        id=values["sender"],
        contact_name=values["contact"],
        phone=values.get("phone"),
    )
    return submitter, Receiver(name=values["receiver_name"], id=values["receiver"])
