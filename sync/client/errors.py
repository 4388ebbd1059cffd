"""Typed sync errors, each with a message a caseworker can act on (Ukrainian, then English).

`transient` errors are worth retrying within a cycle (a dropped link, a timeout, a busy or
restarting server); the others need a person: a password, an update, an administrator.
`exit_code` is what `poruch sync` returns for it, so scripts can tell the cases apart.
"""

from __future__ import annotations


class SyncError(Exception):
    code = "sync_error"
    transient = False
    exit_code = 1
    uk = "Синхронізація не вдалася."
    en = "Sync failed."

    def __init__(self, detail: str | None = None, *, status: int | None = None):
        self.detail = detail
        self.status = status
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.uk} / {self.en}"
        return f"{text} ({self.detail})" if self.detail else text


class ServerUnreachable(SyncError):
    code = "offline"
    transient = True
    exit_code = 3
    uk = "Сервер недоступний: немає з'єднання. Зміни збережено на цьому комп'ютері й буде надіслано пізніше."
    en = "The server is unreachable: no connection. Changes are saved on this computer and will be sent later."

    def __init__(self, detail: str | None = None, *, status: int | None = None, connect_failed: bool = False):
        self.connect_failed = connect_failed  # nothing reached the server (refused, no route, DNS)
        super().__init__(detail, status=status)


class SyncTimeout(ServerUnreachable):
    code = "timeout"
    uk = "Сервер не відповів вчасно. Зміни збережено на цьому комп'ютері; спробуйте пізніше."
    en = "The server did not answer in time. Changes are saved on this computer; try again later."


class RateLimited(SyncError):
    code = "rate_limited"
    transient = True
    exit_code = 3
    uk = "Сервер перевантажений або забагато спроб. Спробуйте за кілька хвилин."
    en = "The server is busy or there were too many attempts. Try again in a few minutes."

    def __init__(self, detail: str | None = None, *, status: int | None = None, retry_after: float | None = None):
        self.retry_after = retry_after
        super().__init__(detail, status=status)


class ServerError(SyncError):
    code = "server_error"
    transient = True
    exit_code = 8
    uk = "Помилка на сервері. Зміни збережено на цьому комп'ютері; якщо повторюється, повідомте адміністратора."
    en = "Server error. Changes are saved on this computer; if it keeps happening, tell the administrator."


class AuthenticationFailed(SyncError):
    code = "authentication_failed"
    exit_code = 4
    uk = "Сервер не прийняв ім'я користувача, пароль або обліковий запис пристрою. Перевірте їх або зверніться до адміністратора."
    en = "The server did not accept the user name, password or device credentials. Check them or ask the administrator."


class AccessDenied(SyncError):
    code = "forbidden"
    exit_code = 4
    uk = "Немає прав на цю дію. Зверніться до адміністратора."
    en = "You are not allowed to do this. Ask the administrator."


class DeviceRevoked(SyncError):
    code = "device_revoked"
    exit_code = 5
    uk = "Цей пристрій відкликано адміністратором. Локальні дані на ньому знищено."
    en = "This device was revoked by the administrator. Its local data has been destroyed."


class UnsupportedProtocol(SyncError):
    code = "unsupported_protocol"
    exit_code = 6
    uk = "Ця версія програми застаріла для сервера. Оновіть програму «Поруч»; ваші зміни збережено."
    en = "This version of the application is too old for the server. Update Poruch; your changes are kept."


class InsecureConnection(SyncError):
    code = "insecure_url"
    exit_code = 2
    uk = "Незахищене з'єднання (http://) дозволене лише до цього комп'ютера. Використайте адресу https://."
    en = "Plain http:// is allowed only to this computer (loopback). Use an https:// address."


class ProtocolMismatch(SyncError):
    """The server answered something this client does not understand (a bug on one end)."""

    code = "bad_response"
    transient = True
    exit_code = 8
    uk = "Сервер надіслав незрозумілу відповідь. Зміни збережено; повідомте адміністратора."
    en = "The server sent an answer this application does not understand. Changes are kept; tell the administrator."


class RequestRejected(SyncError):
    """A 4xx the client cannot fix by retrying (a bug or a misconfiguration)."""

    code = "bad_request"
    exit_code = 8
    uk = "Сервер відхилив запит. Зміни збережено; повідомте адміністратора."
    en = "The server refused the request. Changes are kept; tell the administrator."


class ChangesRejected(SyncError):
    code = "rejected_changes"
    exit_code = 7
    uk = "Сервер відхилив деякі зміни; їх відкладено, перегляньте їх у розділі «Відхилені зміни»."
    en = "The server rejected some changes; they are kept aside for review under 'Rejected changes'."


class NotEnrolled(SyncError):
    code = "not_enrolled"
    exit_code = 2
    uk = "Цей пристрій не зареєстровано на сервері. Виконайте «poruch enroll»."
    en = "This device is not enrolled with a server. Run 'poruch enroll'."


class NotSignedIn(SyncError):
    """The person at the laptop has no server token of their own yet: their changes wait."""

    code = "not_signed_in"
    exit_code = 4
    uk = ("Ви ще не ввійшли на сервер із цього комп'ютера; ваші зміни чекають. Увійдіть: Налаштування → "
          "Користувачі → «Увійти на сервер» або «poruch users signin».")
    en = ("You have not signed in to the server from this computer yet; your changes wait. Sign in: Settings → "
          "Users → 'Sign in to the server' or 'poruch users signin'.")


class SyncBusy(SyncError):
    code = "busy"
    exit_code = 1
    uk = "Синхронізація вже триває."
    en = "A sync is already running."


class ServerBehind(SyncError):
    """The server's numbers went below what this device already holds: it was restored from an older backup
    (or replaced). Nothing of its older state is applied, and syncing stays stopped (sync.client.engine)."""
    code = "server_behind"
    exit_code = 8
    uk = ("Сервер має старіші дані, ніж уже отримав цей комп'ютер: імовірно, його відновили з резервної копії. "
          "Синхронізацію зупинено, щоб нічого не втратити; усі дані на цьому комп'ютері збережено. "
          "Повідомте адміністратора сервера: після команди «poruch-server restored» синхронізація відновиться "
          "й поверне на сервер роботу з цього комп'ютера.")
    en = ("The server holds older data than this computer already received: it was probably restored from a "
          "backup. Syncing has been stopped so that nothing is lost; everything on this computer is kept. "
          "Tell the server's administrator: once they run 'poruch-server restored', syncing resumes and gives "
          "the server back the work kept on this computer.")


class EpochChanged(SyncError):
    """The server began a new epoch (it was restored from a backup) since this device last synced with it: the
    engine gives back what the server lost (desktop.store.recovery) and runs the cycle again."""
    code = "epoch_changed"
    exit_code = 8
    uk = "Сервер відновили з резервної копії: повертаємо на нього роботу, збережену на цьому комп'ютері."
    en = "The server was restored from a backup: giving it back the work kept on this computer."

    def __init__(self, epoch: str, epoch_seq: int, **kwargs):
        super().__init__(**kwargs)
        self.epoch, self.epoch_seq = epoch, epoch_seq


class VerificationFailed(SyncError):
    code = "verification_failed"
    exit_code = 8
    uk = "Дані на цьому комп'ютері й на сервері не збігаються навіть після повторного завантаження. Повідомте адміністратора."
    en = "The data on this computer and on the server still differ after a full reload. Tell the administrator."
