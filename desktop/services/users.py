"""The people of one laptop: add a colleague, sign in to the server, change a password, remove a user.

One implementation for the window (Settings → Users) and `poruch users`, with one password rule.

On an enrolled laptop every person signs in to the server as themselves (`POST /api/v1/login` with
their own server password): their token is sealed in their own key slot, and their role is what the
server answers. A person added while the server cannot be reached (or on purpose, offline) works
normally, but their changes wait, marked, until they sign in once. On a standalone office the
supervisor gives roles; there is no server to ask.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.store import audit, identity
from desktop.store.database import writing
from desktop.store.keyslots import KeySlotError, KeySlots, SlotInfo
from desktop.store.store import OpenStore
from sync.client import errors as e
from sync.client.transport import Transport
from sync.protocol import LoginResponse

MIN_PASSWORD = 10  # the first-run wizard's, the users window's and `poruch`'s
ROLES = ("caseworker", "supervisor", "district", "administrator")
# Who may give a role on a standalone office (on an enrolled laptop the server says who anyone is).
USER_MANAGERS = ("supervisor", "administrator")


class UserError(Exception):
    """A refusal in words for the person at the keyboard (Ukrainian, then English)."""


class NotAllowed(UserError):
    """The signed-in person's role does not allow it."""


def password_problem(password: str) -> str | None:
    """The one password rule of the window and the command line; None when the password will do."""
    if len(password) < MIN_PASSWORD:
        return (f"Пароль має містити щонайменше {MIN_PASSWORD} символів. / "
                f"The password needs at least {MIN_PASSWORD} characters.")
    if not password.strip():
        return "Пароль не може складатися з пробілів. / The password cannot be only spaces."
    return None


def valid_username(name: str) -> bool:
    """The first-run wizard's rule: the same name on the laptop and on the server."""
    return bool(name) and len(name) <= 100 and all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name)


def check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise UserError(problem)


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    role: str
    signed_in: bool        # has signed in to the server from this laptop (enrolled laptops)
    waiting: int           # their changes that wait for them to sign in and sync
    is_me: bool


def local_people(store: OpenStore) -> list[identity.LocalUser]:
    """The people of this laptop with the roles the server gave them (for names and assignment)."""
    with store.engine.connect() as conn:
        return identity.all_users(conn)


class UserService:
    def __init__(self, store: OpenStore):
        self.store = store

    @property
    def enrolled(self) -> bool:
        return bool(self.store.get_meta("server_url"))

    def users(self) -> list[UserRow]:
        slots = KeySlots(self.store.data_dir)
        with self.store.engine.connect() as conn:
            rows = {u.username: u for u in identity.all_users(conn)}
            waiting = dict(conn.exec_driver_sql("SELECT user, count(*) FROM outbox GROUP BY user").all())
        out = []
        for slot in slots.users():
            u = rows.get(slot.username)
            if u is None:
                continue
            me = slot.username == self.store.user.username
            signed = bool(self.store.user_token) if me else slots.has_sealed(slot.username)
            mine = waiting.get(u.author, 0)
            out.append(UserRow(u.username, u.display_name, u.role, signed,
                               mine if (self.enrolled and not (me and signed)) else 0, me))
        return out

    # --- adding people --------------------------------------------------------------------------------
    def add(self, username: str, password: str, *, display_name: str = "", role: str = "caseworker",
            server_password: str | None = None, offline: bool = False, login: LoginResponse | None = None) -> UserRow:
        """A colleague's key slot. On an enrolled laptop they sign in to the server with their own
        password (`server_password`, else the same as the new local one) and the server's role is
        theirs; `offline`: add them without signing in (their changes wait until they do)."""
        username = username.strip()
        if not valid_username(username):
            raise UserError("Ім'я користувача: латинські літери, цифри, крапка, дефіс або підкреслення. / "
                            "User name: Latin letters, digits, dot, hyphen or underscore.")
        check_password(password)
        if username in {s.username for s in KeySlots(self.store.data_dir).users()}:
            raise UserError(f"Користувач «{username}» уже є на цьому комп'ютері. / This user already exists here.")
        secrets, signed_at = None, None
        if self.enrolled:
            if not offline:
                login = login or self.login(username, server_password or password)
                secrets, signed_at = {"user_token": login.user_token}, audit.now_ms()
                role, display_name = login.user.role, display_name or login.user.display_name
            else:
                role = "caseworker"  # until the server says otherwise, at their first sign-in
        else:
            if self.store.user.role not in USER_MANAGERS:
                raise NotAllowed("Додавати користувачів може лише керівник або адміністратор. / "
                                "Only a supervisor or an administrator can add users.")
            if role not in ROLES:
                raise UserError(f"Невідома роль: {role}. / Unknown role.")
        try:
            self.store.add_user(username, password, display_name=display_name, role=role, secrets=secrets,
                                signed_in_at=signed_at)
        except KeySlotError as exc:
            raise UserError(str(exc)) from None
        return next(u for u in self.users() if u.username == username)

    def sign_in(self, server_password: str | None = None, *, login: LoginResponse | None = None) -> None:
        """The signed-in person signs in to the server (their first time on this laptop, or after a
        reset): their token is sealed in their slot, and their waiting changes go with the next sync."""
        if not self.enrolled:
            raise UserError("Цей комп'ютер не підключено до сервера. / This computer is not enrolled.")
        login = login or self.login(self.store.author, server_password or "")
        self.store.seal_secrets({"user_token": login.user_token})
        with writing(self.store.engine) as conn, conn.begin():
            identity.update_user(conn, self.store.user.username, role=login.user.role,
                                 display_name=login.user.display_name, server_username=login.user.username,
                                 signed_in_at=audit.now_ms())
            audit.append(conn, user=login.user.username, action="server_sign_in")
        self.store.user = SlotInfo(self.store.user.username, login.user.display_name, login.user.role)
        self.store.author = login.user.username

    def request_enrolment_again(self, server_password: str):
        """Enrol this laptop again under its own id, with a server restored from a backup that no longer knows it
        (network only; desktop.services.enrolment). The server's refusals in words."""
        from desktop.services.enrolment import request_enrolment_again

        name = self.store.get_meta("device_name") or ""
        try:
            return request_enrolment_again(self.store, self.store.get_meta("server_url"), self.store.author,
                                           server_password, name)
        except e.AuthenticationFailed:
            raise UserError("Сервер не прийняв ім'я користувача або пароль. / "
                            "The server did not accept the user name or password.") from None
        except e.AccessDenied:
            raise UserError("Цей користувач не належить до офісу цього комп'ютера. / "
                            "This user does not belong to this computer's office.") from None
        except e.RequestRejected as exc:
            if exc.status == 409:
                raise UserError("Сервер знає цей комп'ютер: підключати його знову не треба. Перевірте свій пароль "
                                "на сервері або зверніться до адміністратора. / The server knows this computer: "
                                "it need not enrol again.") from None
            raise

    def adopt_enrolment_again(self, enrolment) -> None:
        from desktop.services.enrolment import adopt_enrolment_again

        adopt_enrolment_again(self.store, enrolment, self.store.get_meta("device_name") or "")

    def login(self, username: str, password: str) -> LoginResponse:
        """Ask the server for a person's own token (network only: the window runs it off the database worker)."""
        with Transport(self.store.get_meta("server_url"), device_id=self.store.device_id,
                       device_secret=self.store.get_meta("device_secret")) as transport:
            try:
                return transport.login(username, password)
            except e.AuthenticationFailed:
                raise UserError("Сервер не прийняв ім'я користувача або пароль. / "
                                "The server did not accept the user name or password.") from None
            except e.AccessDenied as exc:
                raise UserError(f"Сервер не дозволяє цьому користувачеві працювати на цьому комп'ютері. / "
                                f"The server does not allow this user on this computer. ({exc.message})") from None

    # --- passwords and removal ------------------------------------------------------------------------
    def change_my_password(self, old_password: str, new_password: str) -> None:
        """Rewraps the signed-in person's slot; their sealed server token moves with it."""
        check_password(new_password)
        slots = KeySlots(self.store.data_dir)
        slots.change_password(self.store.user.username, old_password, new_password)
        opened = slots.open(self.store.user.username, new_password)
        self.store.replace_slot_key(opened.slot_key, opened.secrets)
        with writing(self.store.engine) as conn, conn.begin():
            audit.append(conn, user=self.store.author, action="password_changed")

    def reset_password(self, username: str, new_password: str) -> None:
        """A supervisor sets a colleague's forgotten password; the colleague signs in to the server again."""
        self._require_manager()
        check_password(new_password)
        try:
            self.store.reset_password(username, new_password)
        except KeySlotError as exc:
            raise UserError(str(exc)) from None

    def waiting_changes(self, username: str) -> int:
        with self.store.engine.connect() as conn:
            u = identity.get_user(conn, username)
            author = u.author if u else username
            return conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE user = ?", (author,)).scalar_one()

    def remove(self, username: str, *, drop_waiting: bool = False) -> None:
        """Remove a person's key slot (and their sealed token) from this laptop. Their records stay.
        Refused while their changes wait to be sent, unless `drop_waiting` (they would never be sent:
        nobody else may send them)."""
        slots = KeySlots(self.store.data_dir)
        if len(slots.users()) == 1:
            raise UserError("Не можна видалити останнього користувача. / Cannot remove the last user.")
        if username == self.store.user.username:
            raise UserError("Не можна видалити себе. / You cannot remove yourself.")
        self._require_manager()
        waiting = self.waiting_changes(username) if self.enrolled else 0
        if waiting and not drop_waiting:
            raise UserError(f"Зміни користувача «{username}» ({waiting}) ще не надіслано: після видалення їх "
                            "не надішле ніхто. / This user's changes have not been sent yet.")
        try:
            slots.remove(username)
        except KeySlotError as exc:
            raise UserError(str(exc)) from None
        with writing(self.store.engine) as conn, conn.begin():
            identity.remove_user(conn, username)
            audit.append(conn, user=self.store.author, action="user_removed",
                         detail={"username": username, "waiting_changes": waiting})

    def _require_manager(self) -> None:
        if self.store.user.role not in USER_MANAGERS:
            raise NotAllowed("Це може зробити лише керівник або адміністратор. / "
                            "Only a supervisor or an administrator can do this.")
