"""Names shown for the server's codes (roles, organisation levels, audit actions), marked for translation."""

from __future__ import annotations

from sync.server.console.i18n import N_

ROLE_NAMES = {
    "caseworker": N_("Фахівець із соціальної роботи"),
    "supervisor": N_("Керівник офісу"),
    "district": N_("Районна адміністрація"),
    "analyst": N_("Аналітик міністерства"),
    "administrator": N_("Адміністратор"),
}
ORG_KINDS = {"ministry": N_("Міністерство"), "oblast": N_("Область"), "raion": N_("Район"), "office": N_("Офіс")}
AUDIT_ACTIONS = {
    "enroll": N_("Реєстрація пристрою"),
    "login": N_("Вхід на пристрої"),
    "login_failed": N_("Невдалий вхід на пристрої"),
    "pull": N_("Отримання даних"),
    "push": N_("Надсилання змін"),
    "create_user": N_("Створення користувача"),
    "revoke_device": N_("Відкликання пристрою"),
    "repair_digests": N_("Виправлення контрольних сум"),
    "console_login": N_("Вхід до консолі"),
    "console_login_failed": N_("Невдалий вхід до консолі"),
    "console_logout": N_("Вихід із консолі"),
    "create_office": N_("Створення офісу"),
    "rename_office": N_("Перейменування офісу"),
    "close_office": N_("Закриття офісу"),
    "disable_user": N_("Вимкнення користувача"),
    "enable_user": N_("Увімкнення користувача"),
    "reset_password": N_("Скидання пароля"),
    "change_password": N_("Зміна власного пароля"),
    "change_user": N_("Зміна користувача"),
    "mark_device_lost": N_("Пристрій утрачено"),
    "upload_hostilities": N_("Нова редакція переліку територій"),
    "partner_added": N_("Новий партнер у довіднику"),
    "partner_edited": N_("Зміна партнера в довіднику"),
    "partner_retired": N_("Партнера виведено з довідника"),
    "partner_restored": N_("Партнера повернуто до довідника"),
    "export_audit": N_("Вивантаження журналу аудиту"),
    "report_export": N_("Вивантаження звіту"),
    "aggregates": N_("Перегляд національних показників"),
    "session": N_("Вхід без пристрою"),
    "set_office_policy": N_("Зміна політики офісу"),
    "issue_status_token": N_("Видача ключа перевірки стану пристрою"),
    "device_wiped": N_("Ноутбук стер свої дані"),
    "audit_chain_break": N_("Розрив журналу ноутбука"),
    "attachment_upload": N_("Надсилання вкладення"),
    "attachment_download": N_("Завантаження вкладення"),
    "laptop_sign_in": N_("Ноутбук: вхід"),
    "laptop_sign_out": N_("Ноутбук: блокування"),
    "laptop_unlock_failed": N_("Ноутбук: невдала спроба розблокування"),
    "laptop_server_sign_in": N_("Ноутбук: вхід на сервер"),
    "laptop_view": N_("Ноутбук: перегляд справи"),
    "laptop_create": N_("Ноутбук: створення"),
    "laptop_edit": N_("Ноутбук: зміна"),
    "laptop_delete": N_("Ноутбук: видалення"),
    "laptop_export": N_("Ноутбук: вивантаження"),
    "laptop_transfer": N_("Ноутбук: передання справи"),
    "laptop_conflict_resolved": N_("Ноутбук: розв'язання конфлікту"),
    "laptop_user_added": N_("Ноутбук: додано користувача"),
    "laptop_user_removed": N_("Ноутбук: видалено користувача"),
    "laptop_password_changed": N_("Ноутбук: зміна пароля"),
    "laptop_policy_applied": N_("Ноутбук: отримано політику"),
    "transfer": N_("Передача справи"),
    "duplicate_flagged": N_("Знайдено можливий дублікат"),
    "duplicate_decided": N_("Рішення щодо можливого дубліката"),
}
TRANSFER_STATES = {"pending": N_("Чекає відповіді"), "accepted": N_("Прийнято"), "declined": N_("Відхилено"),
                   "revoked": N_("Відкликано"), "expired": N_("Термін минув")}
DUPLICATE_STATES = {"open": N_("Не вирішено"), "same_person": N_("Та сама особа"), "different_people": N_("Різні люди")}
MATCHED_FIELDS = {"rnokpp": N_("РНОКПП"), "unzr": N_("УНЗР"), "cert": N_("довідка ВПО"), "doc": N_("документ"),
                  "name_birth": N_("ім'я і дата народження"),
                  "name_birth_swapped": N_("ім'я, день і місяць народження переставлені"), "phone": N_("телефон")}
LEVEL_NAMES = {"oblast": N_("Області"), "raion": N_("Райони"), "hromada": N_("Громади")}
