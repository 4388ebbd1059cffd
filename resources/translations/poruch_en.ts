<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="uk_UA">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Про програму</source>
        <translation>About Poruch</translation>
    </message>
    <message>
        <source>Версія %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Ведення справ соціальної підтримки внутрішньо переміщених осіб і тих, хто повертається додому. Працює без інтернету; дані зашифровано на цьому комп&apos;ютері й синхронізуються з сервером, коли є зв&apos;язок.</source>
        <translation>Case management for the social support of internally displaced people and people returning home. Works without the internet; data is encrypted on this computer and synced with the server when there is a connection.</translation>
    </message>
    <message>
        <source>Автономний офіс «%1»: цей комп&apos;ютер не підключено до сервера. Його можна підключити пізніше, і справи офісу збережуться.</source>
        <translation>Standalone office “%1”: this computer is not connected to a server. It can be connected later, keeping the office&apos;s cases.</translation>
    </message>
    <message>
        <source>Сервер: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Офіс: %1</source>
        <translation>Office: %1</translation>
    </message>
    <message>
        <source>Пристрій: %1</source>
        <translation>Device: %1</translation>
    </message>
    <message>
        <source>Остання синхронізація: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>ще не було</source>
        <translation>not yet</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Додати колегу</source>
        <translation>Add a colleague</translation>
    </message>
    <message>
        <source>&amp;Ім&apos;я користувача</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>&amp;ПІБ (як показувати)</source>
        <translation>&amp;Full name (as shown)</translation>
    </message>
    <message>
        <source>&amp;Пароль на цьому комп&apos;ютері</source>
        <translation>&amp;Password on this computer</translation>
    </message>
    <message>
        <source>П&amp;овторіть пароль</source>
        <translation>R&amp;epeat the password</translation>
    </message>
    <message>
        <source>Додати без входу на сервер (його зміни чекатимуть, доки він не ввійде)</source>
        <translation>Add without signing in to the server (their changes wait until they sign in)</translation>
    </message>
    <message>
        <source>якщо інший, ніж пароль на цьому комп&apos;ютері</source>
        <translation>if different from the password on this computer</translation>
    </message>
    <message>
        <source>Пароль на &amp;сервері</source>
        <translation>Password on the &amp;server</translation>
    </message>
    <message>
        <source>Колега входить на сервер своїм паролем: роль і доступ визначає сервер, а його зміни надходять під його ім&apos;ям.</source>
        <translation>The colleague signs in to the server with their own password: the server decides their role and access, and their changes arrive under their own name.</translation>
    </message>
    <message>
        <source>&amp;Роль</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <source>Автономний офіс: роль дає керівник цього офісу.</source>
        <translation>Standalone office: the office&apos;s supervisor gives the role.</translation>
    </message>
    <message>
        <source>Ім&apos;я користувача: латинські літери, цифри, крапка, дефіс або підкреслення.</source>
        <translation>User name: Latin letters, digits, dot, hyphen or underscore.</translation>
    </message>
</context>
<context>
    <name>AidOverlapsDialog</name>
    <message>
        <source>Перетин допомоги</source>
        <translation>Aid overlap</translation>
    </message>
    <message>
        <source>Та сама допомога (грошова, набори, зимова підтримка) від двох офісів або двох надавачів у періоди, що перетинаються. Узгодьте з іншим офісом чи надавачем.</source>
        <translation>The same assistance (cash, kits, winter support) from two offices or two providers in overlapping periods. Coordinate with the other office or provider.</translation>
    </message>
    <message>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Допомога</source>
        <translation>Assistance</translation>
    </message>
    <message>
        <source>Наш період</source>
        <translation>Our period</translation>
    </message>
    <message>
        <source>Їхній період</source>
        <translation>Their period</translation>
    </message>
    <message>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Наш надавач</source>
        <translation>Our provider</translation>
    </message>
    <message>
        <source>Інший офіс / надавач</source>
        <translation>Other office / provider</translation>
    </message>
    <message>
        <source>&amp;Переглянуто</source>
        <translation>&amp;Reviewed</translation>
    </message>
    <message>
        <source>переглянуто</source>
        <translation>reviewed</translation>
    </message>
    <message>
        <source>не переглянуто</source>
        <translation>not reviewed</translation>
    </message>
    <message>
        <source>Перетинів допомоги не знайдено.</source>
        <translation>No aid overlaps found.</translation>
    </message>
    <message>
        <source>Переглянув(ла): %1</source>
        <translation>Reviewed by: %1</translation>
    </message>
    <message>
        <source>Не вдалося позначити перетин як переглянутий.</source>
        <translation>The overlap could not be marked as reviewed.</translation>
    </message>
</context>
<context>
    <name>AttachmentsTab</name>
    <message>
        <source>Файл</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Опис</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Розмір</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Тип</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Опис, напр. «Паспорт, с. 1–2» (необов&apos;язково)</source>
        <translation>Description, e.g. “Passport, pp. 1–2” (optional)</translation>
    </message>
    <message>
        <source>Додати ф&amp;айл…</source>
        <translation>Add &amp;file…</translation>
    </message>
    <message>
        <source>Відкр&amp;ити</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Ще не на цьому ноутбуці — завантажиться, коли відкриєте</source>
        <translation>Not on this laptop yet — it is downloaded when you open it</translation>
    </message>
    <message>
        <source>Додати скан або фото документа</source>
        <translation>Add a scan or photo of a document</translation>
    </message>
    <message>
        <source>Скани і фото (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.heic);;Усі файли (*)</source>
        <translation>Scans and photos (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.heic);;All files (*)</translation>
    </message>
    <message>
        <source>Файл додано і збережено зашифрованим.</source>
        <translation>The file was added and stored encrypted.</translation>
    </message>
    <message>
        <source>Файл завеликий (більше %1 МБ). Зменшіть скан і спробуйте ще раз.</source>
        <translation>The file is too large (over %1 MB). Make the scan smaller and try again.</translation>
    </message>
    <message>
        <source>Не вдалося прочитати файл.</source>
        <translation>The file could not be read.</translation>
    </message>
    <message>
        <source>Немає програми, щоб відкрити цей файл.</source>
        <translation>There is no application to open this file.</translation>
    </message>
    <message>
        <source>Цього файлу ще немає на цьому ноутбуці: він на сервері. Відкрийте його — його буде завантажено (потрібен зв&apos;язок із сервером).</source>
        <translation>This file is not on this laptop yet: it is on the server. Open it and it is downloaded (a connection to the server is needed).</translation>
    </message>
    <message>
        <source>Не вдалося відкрити файл.</source>
        <translation>The file could not be opened.</translation>
    </message>
    <message>
        <source>Файлу ще немає на цьому ноутбуці. Завантаження з сервера…</source>
        <translation>The file is not on this laptop yet. Downloading it from the server…</translation>
    </message>
    <message>
        <source>Файлу ще немає на цьому ноутбуці, а зв&apos;язку з сервером зараз немає. Його буде завантажено під час наступної синхронізації — тоді відкрийте його знову.</source>
        <translation>The file is not on this laptop yet and the server cannot be reached now. It will be downloaded with the next sync — then open it again.</translation>
    </message>
    <message>
        <source>Файл ще не надіслав комп&apos;ютер, на якому його додали. Він з&apos;явиться тут після синхронізації того комп&apos;ютера.</source>
        <translation>The computer where the file was added has not sent it yet. It appears here after that computer syncs.</translation>
    </message>
    <message>
        <source>Файлу ще немає на цьому ноутбуці. Щоб завантажити його, увійдіть на сервер: Налаштування → Користувачі → «Увійти на сервер».</source>
        <translation>The file is not on this laptop yet. To download it, sign in to the server: Settings → Users → “Sign in to the server”.</translation>
    </message>
    <message>
        <source>Файлу немає на цьому комп&apos;ютері, а комп&apos;ютер не підключено до сервера.</source>
        <translation>The file is not on this computer, and this computer is not connected to a server.</translation>
    </message>
    <message>
        <source>Не вдалося завантажити файл із сервера. Його буде завантажено під час наступної синхронізації.</source>
        <translation>The file could not be downloaded from the server. It will be downloaded with the next sync.</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Прізвище, ім&apos;я, по батькові</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Дата народж.</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Етап</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Пріоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Фахівець</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Строк завдання</source>
        <translation>Task due</translation>
    </message>
    <message>
        <source>Походить з території бойових дій або окупації</source>
        <translation>Comes from an area of hostilities or occupation</translation>
    </message>
    <message>
        <source>Знайдено за: %1</source>
        <translation>Matched by: %1</translation>
    </message>
    <message>
        <source>Є прострочене завдання</source>
        <translation>Has an overdue task</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <source>Пошук: прізвище чи ім&apos;я (кирилицею або латиницею), РНОКПП, телефон, номер довідки ВПО  (Ctrl+F)</source>
        <translation>Search: surname or name (Cyrillic or Latin), RNOKPP, phone, IDP certificate number  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Пошук справ</source>
        <translation>Search cases</translation>
    </message>
    <message>
        <source>Список справ</source>
        <translation>Case list</translation>
    </message>
    <message>
        <source>Не вдалося завантажити список</source>
        <translation>The list could not be loaded</translation>
    </message>
    <message>
        <source>Знайдено: %1</source>
        <translation>Found: %1</translation>
    </message>
    <message>
        <source>Справ: %1</source>
        <translation>Cases: %1</translation>
    </message>
</context>
<context>
    <name>CaseTab</name>
    <message>
        <source>Не вдалося зберегти. Спробуйте ще раз; якщо помилка повториться, зверніться до адміністратора.</source>
        <translation>Could not save. Try again; if it happens again, contact the administrator.</translation>
    </message>
</context>
<context>
    <name>CaseWindow</name>
    <message>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Завантаження…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Передати…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Передати справу до іншого офісу (можна без зв&apos;язку)</source>
        <translation>Transfer the case to another office (works offline)</translation>
    </message>
    <message>
        <source>Об&apos;єднати…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <source>Об&apos;єднати з іншою справою цієї ж особи на цьому ноутбуці</source>
        <translation>Merge with another case of the same person on this laptop</translation>
    </message>
    <message>
        <source>Переглянути</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Особа і домогосподарство</source>
        <translation>Person and household</translation>
    </message>
    <message>
        <source>Переміщення і документи</source>
        <translation>Displacement and documents</translation>
    </message>
    <message>
        <source>Оцінювання потреб</source>
        <translation>Needs assessment</translation>
    </message>
    <message>
        <source>План підтримки</source>
        <translation>Support plan</translation>
    </message>
    <message>
        <source>Журнал</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Вкладення</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>Історія</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Справу не знайдено</source>
        <translation>Case not found</translation>
    </message>
    <message>
        <source>Її могли передати іншому офісу.</source>
        <translation>It may have been transferred to another office.</translation>
    </message>
    <message>
        <source>Не вдалося прочитати справу.</source>
        <translation>The case could not be read.</translation>
    </message>
    <message>
        <source>(без імені)</source>
        <translation>(no name)</translation>
    </message>
    <message numerus="yes">
        <source> (%n р.)</source>
        <translation>
            <numerusform> (%n year)</numerusform>
            <numerusform> (%n years)</numerusform>
        </translation>
    </message>
    <message>
        <source>Народж.</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Етап</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Пріоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Звідки</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Відповідальний</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>Офіс</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>(на переліку з %1)</source>
        <translation>(on the list since %1)</translation>
    </message>
    <message numerus="yes">
        <source>Неузгоджені зміни з іншого комп&apos;ютера: %n. Збережено одне значення; перевірте його.</source>
        <translation>
            <numerusform>A conflicting change from another computer: %n. One value was kept; please check it.</numerusform>
            <numerusform>Conflicting changes from another computer: %n. One value was kept for each; please check them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Незбережені зміни</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>У справі є незбережені зміни. Закрити без збереження?</source>
        <translation>The case has unsaved changes. Close without saving?</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Перевірка файлу</source>
        <translation>Checking the file</translation>
    </message>
    <message>
        <source>Рядки з помилками не буде імпортовано; виправте їх у файлі й імпортуйте файл ще раз, уже імпортовані особи будуть упізнані.</source>
        <translation>Rows with errors will not be imported; fix them in the file and import it again: people already imported will be recognised.</translation>
    </message>
    <message>
        <source>Зберегти звіт як XLSX…</source>
        <translation>Save the report as XLSX…</translation>
    </message>
    <message>
        <source>Перевіряється рядок за рядком…</source>
        <translation>Checking row by row…</translation>
    </message>
    <message>
        <source>Прочитано рядків: %1. Готові до імпорту: %2 нових справ, %3 змін. З помилками: %4. Попереджень: %5.</source>
        <translation>Rows read: %1. Ready to import: %2 new cases, %3 edits. With errors: %4. Warnings: %5.</translation>
    </message>
    <message>
        <source>Далі: місць без однозначного коду %1, можливих дублікатів %2: вирішіть, що з ними робити.</source>
        <translation>Next: %1 places without a single code and %2 possible duplicates: decide what to do with them.</translation>
    </message>
</context>
<context>
    <name>ChoicePage</name>
    <message>
        <source>Ласкаво просимо до «Поруч»</source>
        <translation>Welcome to Poruch</translation>
    </message>
    <message>
        <source>На цьому комп&apos;ютері ще немає бази даних. Як працюватиме ваш офіс?</source>
        <translation>There is no database on this computer yet. How will your office work?</translation>
    </message>
    <message>
        <source>&amp;Підключитися до сервера громади або району</source>
        <translation>&amp;Connect to the hromada or district server</translation>
    </message>
    <message>
        <source>Потрібні адреса сервера та обліковий запис, які надав адміністратор. Дані офісу завантажаться на цей комп&apos;ютер і синхронізуватимуться.</source>
        <translation>You need the server address and the account your administrator gave you. The office&apos;s data will be downloaded to this computer and kept in sync.</translation>
    </message>
    <message>
        <source>&amp;Створити автономний офіс (без сервера)</source>
        <translation>Create a &amp;standalone office (no server)</translation>
    </message>
    <message>
        <source>Усі дані зберігаються лише на цьому комп&apos;ютері. Підключити сервер можна буде пізніше.</source>
        <translation>All data is kept on this computer only. A server can be connected later.</translation>
    </message>
</context>
<context>
    <name>ColumnsPage</name>
    <message>
        <source>Що означають колонки</source>
        <translation>What the columns mean</translation>
    </message>
    <message>
        <source>Колонки розпізнано за заголовками (українською чи англійською, навіть з описками). Перевірте і, якщо треба, виберіть значення вручну; колонки «не імпортувати» буде пропущено.</source>
        <translation>Columns were recognised by their headers (Ukrainian or English, even with typos). Check them and choose a meaning by hand where needed; columns set to &quot;do not import&quot; are left out.</translation>
    </message>
    <message>
        <source>Аркуш зі справами:</source>
        <translation>Sheet with the cases:</translation>
    </message>
    <message>
        <source>Аркуш із членами домогосподарств:</source>
        <translation>Sheet with household members:</translation>
    </message>
    <message>
        <source>Колонки аркуша членів домогосподарств</source>
        <translation>Columns of the household members sheet</translation>
    </message>
    <message>
        <source>Колонка у файлі</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <source>Означає</source>
        <translation>Means</translation>
    </message>
    <message>
        <source>Розпізнано</source>
        <translation>Recognised</translation>
    </message>
    <message>
        <source>Приклади значень</source>
        <translation>Sample values</translation>
    </message>
    <message>
        <source>— немає (члени в колонках основного аркуша) —</source>
        <translation>— none (members in columns of the main sheet) —</translation>
    </message>
    <message>
        <source>(без заголовка)</source>
        <translation>(no header)</translation>
    </message>
    <message>
        <source>— не імпортувати —</source>
        <translation>— do not import —</translation>
    </message>
    <message>
        <source>ні</source>
        <translation>no</translation>
    </message>
    <message>
        <source>так, з опискою</source>
        <translation>yes, despite a typo</translation>
    </message>
    <message>
        <source>так</source>
        <translation>yes</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Неузгоджена зміна</source>
        <translation>Conflicting change</translation>
    </message>
    <message>
        <source>Завантаження…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Поточне значення (збережене)</source>
        <translation>Current value (kept)</translation>
    </message>
    <message>
        <source>Інше значення (з іншого комп&apos;ютера)</source>
        <translation>Other value (from another computer)</translation>
    </message>
    <message>
        <source>&amp;Залишити поточне</source>
        <translation>&amp;Keep current</translation>
    </message>
    <message>
        <source>За&amp;мінити на інше</source>
        <translation>&amp;Swap in the other</translation>
    </message>
    <message>
        <source>Закрити</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>невідомо</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Цей конфлікт уже недоступний.</source>
        <translation>This conflict is no longer available.</translation>
    </message>
    <message>
        <source>Поле &lt;b&gt;%1&lt;/b&gt; (%2) справи &lt;b&gt;%3&lt;/b&gt; змінили на двох комп&apos;ютерах одночасно. Збережено одне значення; перевірте, яке правильне.</source>
        <translation>The field &lt;b&gt;%1&lt;/b&gt; (%2) of the case of &lt;b&gt;%3&lt;/b&gt; was changed on two computers at once. One value was kept; check which is right.</translation>
    </message>
    <message>
        <source>без імені</source>
        <translation>no name</translation>
    </message>
    <message>
        <source>Змінив(ла): %1, %2</source>
        <translation>Changed by %1, %2</translation>
    </message>
    <message>
        <source>Після цього поле змінили ще раз; зараз у справі: %1</source>
        <translation>The field was changed again since; the case now holds: %1</translation>
    </message>
</context>
<context>
    <name>ConflictsListDialog</name>
    <message>
        <source>Конфлікти для перегляду</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <source>Ці поля змінили на двох комп&apos;ютерах одночасно. Збережено одне значення; перегляньте, чи воно правильне, або відновіть інше.</source>
        <translation>These fields were changed on two computers at once. One value was kept; check that it is right, or restore the other.</translation>
    </message>
    <message>
        <source>Конфлікти</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Переглянути</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Конфліктів немає.</source>
        <translation>No conflicts.</translation>
    </message>
</context>
<context>
    <name>CrossDuplicatesDialog</name>
    <message>
        <source>Можливі дублікати в інших офісах</source>
        <translation>Possible duplicates in other offices</translation>
    </message>
    <message>
        <source>Особа в іншому офісі</source>
        <translation>Person in the other office</translation>
    </message>
    <message>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Офіс</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Що збіглося</source>
        <translation>What matched</translation>
    </message>
    <message>
        <source>Схожість</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Рішення</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Та сама особа</source>
        <translation>The same person</translation>
    </message>
    <message>
        <source>Різні люди</source>
        <translation>Different people</translation>
    </message>
    <message>
        <source>Об&apos;єднати справи…</source>
        <translation>Merge cases…</translation>
    </message>
    <message>
        <source>РНОКПП</source>
        <translation>RNOKPP</translation>
    </message>
    <message>
        <source>УНЗР</source>
        <translation>UNZR</translation>
    </message>
    <message>
        <source>довідка ВПО</source>
        <translation>IDP certificate</translation>
    </message>
    <message>
        <source>документ</source>
        <translation>document</translation>
    </message>
    <message>
        <source>ім&apos;я і дата народження</source>
        <translation>name and birth date</translation>
    </message>
    <message>
        <source>ім&apos;я, день і місяць народження переставлені</source>
        <translation>name, birth day and month swapped</translation>
    </message>
    <message>
        <source>телефон</source>
        <translation>phone</translation>
    </message>
    <message>
        <source>об&apos;єднано</source>
        <translation>merged</translation>
    </message>
    <message>
        <source>не вирішено</source>
        <translation>undecided</translation>
    </message>
    <message>
        <source>та сама особа</source>
        <translation>the same person</translation>
    </message>
    <message>
        <source>різні люди</source>
        <translation>different people</translation>
    </message>
    <message>
        <source>Об&apos;єднання…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <source>Сервер не знайшов можливих дублікатів у інших офісах.</source>
        <translation>The server found no possible duplicates in other offices.</translation>
    </message>
    <message>
        <source>Контакт іншого офісу щодо особи</source>
        <translation>The other office&apos;s contact for the person</translation>
    </message>
    <message>
        <source>Вирішив(ла)</source>
        <translation>Decided by</translation>
    </message>
    <message>
        <source>Справи об&apos;єднано; цю справу тут можна лише переглядати.</source>
        <translation>The cases are merged; this case is read-only here.</translation>
    </message>
    <message>
        <source>Об&apos;єднати справи може район: на його ноутбуці є обидві.</source>
        <translation>The district can merge the cases: its laptop holds both.</translation>
    </message>
    <message>
        <source>Щодо цієї пари вже є рішення.</source>
        <translation>This pair has already been decided.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>дд.мм.рррр</source>
        <translation>dd.mm.yyyy</translation>
    </message>
</context>
<context>
    <name>DecisionsPage</name>
    <message>
        <source>Рішення перед імпортом</source>
        <translation>Decisions before the import</translation>
    </message>
    <message>
        <source>Ці місця не вдалося однозначно знайти в кодифікаторі. Виберіть правильне, або залиште без коду: тоді місце збережеться лише як текст адреси. Програма нічого не вгадує сама.</source>
        <translation>These places could not be found in the codifier unambiguously. Choose the right one, or leave it without a code: the place is then kept only as address text. The program never guesses.</translation>
    </message>
    <message>
        <source>Як написано у файлі</source>
        <translation>As written in the file</translation>
    </message>
    <message>
        <source>Рядків</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Можливі дублікати: у файлі двічі або вже є на цьому комп&apos;ютері. Позначте рядки, які все ж треба імпортувати (той самий РНОКПП типово пропускається, схоже ім&apos;я типово імпортується).</source>
        <translation>Possible duplicates: listed twice in the file or already on this computer. Tick the rows to import anyway (the same RNOKPP is skipped by default, a similar name is imported by default).</translation>
    </message>
    <message>
        <source>Імпортувати рядок</source>
        <translation>Import the row</translation>
    </message>
    <message>
        <source>Чому схоже на дубліката</source>
        <translation>Why it looks like a duplicate</translation>
    </message>
    <message>
        <source>Питань немає: усі місця знайдено, дублікатів не виявлено.</source>
        <translation>No questions: every place was found and no duplicates were detected.</translation>
    </message>
    <message>
        <source>— без коду (лише текст адреси) —</source>
        <translation>— no code (address text only) —</translation>
    </message>
    <message>
        <source>Код кодифікатора (клацніть, щоб вибрати)</source>
        <translation>Codifier code (click to choose)</translation>
    </message>
    <message>
        <source>Схожі написання: перевірте уважно.</source>
        <translation>Similar spellings: check carefully.</translation>
    </message>
    <message>
        <source>рядок %1</source>
        <translation>row %1</translation>
    </message>
    <message>
        <source>Буде імпортовано: %1 нових справ, %2 змін.</source>
        <translation>To be imported: %1 new cases, %2 edits.</translation>
    </message>
</context>
<context>
    <name>DisplacementSection</name>
    <message>
        <source>номер довідки</source>
        <translation>certificate number</translation>
    </message>
    <message>
        <source>від</source>
        <translation>dated</translation>
    </message>
    <message>
        <source>Довідк&amp;а ВПО</source>
        <translation>IDP &amp;certificate</translation>
    </message>
    <message>
        <source>Дата переміщенн&amp;я</source>
        <translation>Displacement dat&amp;e</translation>
    </message>
    <message>
        <source>Звідк&amp;и</source>
        <translation>Fro&amp;m</translation>
    </message>
    <message>
        <source>Де про&amp;живає зараз</source>
        <translation>Lives &amp;now in</translation>
    </message>
    <message>
        <source>вулиця, будинок, квартира</source>
        <translation>street, house, flat</translation>
    </message>
    <message>
        <source>Адреса (звідки)</source>
        <translation>Address (from)</translation>
    </message>
    <message>
        <source>Адреса (зараз)</source>
        <translation>Address (now)</translation>
    </message>
</context>
<context>
    <name>DisplacementTab</name>
    <message>
        <source>Переміщення</source>
        <translation>Displacement</translation>
    </message>
    <message>
        <source>Документи особи</source>
        <translation>Personal documents</translation>
    </message>
    <message>
        <source>Документ, що посвідчує особу</source>
        <translation>Identity document</translation>
    </message>
    <message>
        <source>РНОКПП</source>
        <translation>RNOKPP</translation>
    </message>
    <message>
        <source>УНЗР</source>
        <translation>UNZR</translation>
    </message>
    <message>
        <source>Змінюються на вкладці «Особа»; скани документів — на вкладці «Вкладення».</source>
        <translation>Edited on the “Person” tab; document scans are on the “Attachments” tab.</translation>
    </message>
    <message>
        <source>відмова від РНОКПП</source>
        <translation>RNOKPP refused</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>Можливо, особа вже зареєстрована</source>
        <translation>This person may already be registered</translation>
    </message>
    <message>
        <source>Знайдено справи, схожі на цю особу. Перевірте, чи це не та сама людина: дубль справи розпорошує історію допомоги.</source>
        <translation>Cases similar to this person were found. Check that it is not the same person: a duplicate case splits the history of support.</translation>
    </message>
    <message>
        <source>ПІБ</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Стан справи</source>
        <translation>Case status</translation>
    </message>
    <message>
        <source>Відповідальний</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>Чому схожа</source>
        <translation>Why similar</translation>
    </message>
    <message>
        <source>&amp;Відкрити наявну справу</source>
        <translation>&amp;Open the existing case</translation>
    </message>
    <message>
        <source>Все одно &amp;зареєструвати</source>
        <translation>&amp;Register anyway</translation>
    </message>
    <message>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EditTab</name>
    <message>
        <source>Зберегти зміни</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Скасувати зміни</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Не збережено: виправте позначені поля.</source>
        <translation>Not saved: correct the marked fields.</translation>
    </message>
    <message>
        <source>Зміни збережено.</source>
        <translation>Changes saved.</translation>
    </message>
</context>
<context>
    <name>EnrolAgainDialog</name>
    <message>
        <source>Підключити комп&apos;ютер знову</source>
        <translation>Enrol this computer again</translation>
    </message>
    <message>
        <source>Якщо сервер відновили з резервної копії й він більше не знає цього комп&apos;ютера, підключіть його знову своїм паролем на сервері як «%1». Усі дані на цьому комп&apos;ютері залишаються; робота, якої сервер не має, повернеться на нього під час синхронізації.</source>
        <translation>If the server was restored from a backup and no longer knows this computer, enrol it again with your server password as «%1». Everything on this computer stays; work the server does not have goes back to it when syncing.</translation>
    </message>
    <message>
        <source>Пароль на &amp;сервері</source>
        <translation>Password on the &amp;server</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Експорт справ</source>
        <translation>Export cases</translation>
    </message>
    <message>
        <source>Файл міститиме персональні дані людей і НЕ буде зашифрований. Кожен, хто отримає доступ до файлу, зможе його прочитати. Зберігайте його лише там, куди не мають доступу сторонні, не надсилайте незахищеними каналами і видаліть, коли він більше не потрібен. Експорт буде записано в історію: хто, коли і скільки справ.</source>
        <translation>The file will hold people&apos;s personal data and will NOT be encrypted. Anyone who gets hold of the file can read it. Keep it only where outsiders have no access, do not send it over unprotected channels, and delete it when it is no longer needed. The export is recorded in the history: who, when and how many cases.</translation>
    </message>
    <message>
        <source>Справи поточного списку (%1)</source>
        <translation>Cases of the current list (%1)</translation>
    </message>
    <message>
        <source>Усі справи на цьому комп&apos;ютері</source>
        <translation>All cases on this computer</translation>
    </message>
    <message>
        <source>Що експортувати:</source>
        <translation>What to export:</translation>
    </message>
    <message>
        <source>Формат:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Обрати…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Файл:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>Я розумію, що файл не зашифровано</source>
        <translation>I understand that the file is not encrypted</translation>
    </message>
    <message>
        <source>Експортувати</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Зупинити</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Експортовано справ: %1 у файл %2.</source>
        <translation>Cases exported: %1 to the file %2.</translation>
    </message>
    <message>
        <source>Закрити</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Експорт зупинено: файл не створено.</source>
        <translation>Export stopped: no file was created.</translation>
    </message>
    <message>
        <source>Файл не вдалося записати (%1). Оберіть іншу папку.</source>
        <translation>The file could not be written (%1). Choose another folder.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Файл зі списком</source>
        <translation>The list file</translation>
    </message>
    <message>
        <source>Оберіть список, який офіс вів раніше: Excel (.xlsx, .xls), OpenDocument (.ods) або CSV. Спершу файл буде перевірено: нічого не збережеться, доки ви не побачите, що саме буде імпортовано, і не підтвердите.</source>
        <translation>Choose the list the office kept before: Excel (.xlsx, .xls), OpenDocument (.ods) or CSV. The file is checked first: nothing is saved until you have seen what will be imported and confirmed.</translation>
    </message>
    <message>
        <source>Шлях до файлу</source>
        <translation>Path to the file</translation>
    </message>
    <message>
        <source>Обрати файл…</source>
        <translation>Choose a file…</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <source>Фільтри</source>
        <translation>Filters</translation>
    </message>
    <message>
        <source>&amp;Етап</source>
        <translation>S&amp;tage</translation>
    </message>
    <message>
        <source>С&amp;тан</source>
        <translation>Stat&amp;us</translation>
    </message>
    <message>
        <source>&amp;Категорія</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <source>&amp;Пріоритет</source>
        <translation>&amp;Priority</translation>
    </message>
    <message>
        <source>Усі</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Лише призначені мені</source>
        <translation>Assigned to me only</translation>
    </message>
    <message>
        <source>З простроченими завданнями</source>
        <translation>With overdue tasks</translation>
    </message>
    <message>
        <source>Походження з території бойових дій або окупації</source>
        <translation>Origin in an area of hostilities or occupation</translation>
    </message>
    <message>
        <source>Місце походження є в переліку територій, на яких ведуться (велися) бойові дії або тимчасово окупованих</source>
        <translation>The place of origin is on the official list of territories of (past or ongoing) hostilities or temporary occupation</translation>
    </message>
    <message>
        <source>Скинути фільтри</source>
        <translation>Clear filters</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Поруч — перший запуск</source>
        <translation>Poruch — first start</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Коли</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Хто</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Дія</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Що</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Поля</source>
        <translation>Fields</translation>
    </message>
</context>
<context>
    <name>HouseholdSection</name>
    <message>
        <source>Особа звернулася сама (членів домогосподарства не додано).</source>
        <translation>The person came alone (no household members added).</translation>
    </message>
    <message>
        <source>Родинний зв&apos;язок *</source>
        <translation>Relationship *</translation>
    </message>
    <message>
        <source>Прізвище</source>
        <translation>Surname</translation>
    </message>
    <message>
        <source>Ім&apos;я *</source>
        <translation>Given name *</translation>
    </message>
    <message>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Вразливості</source>
        <translation>Vulnerabilities</translation>
    </message>
    <message>
        <source>Додати &amp;члена домогосподарства</source>
        <translation>Add a household &amp;member</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Імпорт списку</source>
        <translation>Import a list</translation>
    </message>
    <message>
        <source>&lt; Назад</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Далі &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Імпортувати</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Готово</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Файл не вдалося прочитати як таблицю.</source>
        <translation>The file could not be read as a table.</translation>
    </message>
    <message>
        <source>Аркуш не вдалося прочитати.</source>
        <translation>The sheet could not be read.</translation>
    </message>
    <message>
        <source>Перевірку не завершено через внутрішню помилку; нічого не збережено.</source>
        <translation>The check did not finish because of an internal error; nothing was saved.</translation>
    </message>
    <message>
        <source>Імпорт перервано через внутрішню помилку. Справи, збережені до неї, повні; решту рядків не імпортовано.</source>
        <translation>The import stopped because of an internal error. The cases saved before it are complete; the remaining rows were not imported.</translation>
    </message>
    <message>
        <source>Зберегти звіт</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <source>Звіт</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Звіт не вдалося зберегти.</source>
        <translation>The report could not be saved.</translation>
    </message>
</context>
<context>
    <name>IssueLabel</name>
    <message>
        <source> (номер %1)</source>
        <translation> (no. %1)</translation>
    </message>
</context>
<context>
    <name>JournalTab</name>
    <message>
        <source>Записи журналу</source>
        <translation>Journal entries</translation>
    </message>
    <message>
        <source>Записи журналу не змінюються і не видаляються. Помилку виправляють новим записом.</source>
        <translation>Journal entries are never changed or deleted. A mistake is corrected with a new entry.</translation>
    </message>
    <message>
        <source>Що сталося, про що домовилися, що далі</source>
        <translation>What happened, what was agreed, what comes next</translation>
    </message>
    <message>
        <source>Додати &amp;запис</source>
        <translation>&amp;Add entry</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Запис додано до журналу.</source>
        <translation>The entry was added to the journal.</translation>
    </message>
</context>
<context>
    <name>LocalPartnerDialog</name>
    <message>
        <source>Місцевий надавач послуг</source>
        <translation>Local service provider</translation>
    </message>
    <message>
        <source>Надавач, якого немає в національному довіднику. Його бачитимуть ваш офіс і район після синхронізації.</source>
        <translation>A provider that is not in the national directory. Your office and district will see it after a sync.</translation>
    </message>
    <message>
        <source>&amp;Назва:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Вид:</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>&amp;Послуги:</source>
        <translation>&amp;Services:</translation>
    </message>
    <message>
        <source>&amp;Телефон:</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>&amp;Адреса:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>При&amp;мітки:</source>
        <translation>N&amp;otes:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Поруч — %1</source>
        <translation>Poruch — %1</translation>
    </message>
    <message>
        <source>Поруч</source>
        <translation>Poruch</translation>
    </message>
    <message>
        <source>Справи</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Мій день</source>
        <translation>My day</translation>
    </message>
    <message>
        <source>&amp;Нова реєстрація</source>
        <translation>&amp;New registration</translation>
    </message>
    <message>
        <source>Зареєструвати особу (Ctrl+N)</source>
        <translation>Register a person (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Знайти справу</source>
        <translation>&amp;Find a case</translation>
    </message>
    <message>
        <source>Пошук за іменем, РНОКПП, телефоном, довідкою (Ctrl+F)</source>
        <translation>Search by name, RNOKPP, phone, certificate (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Мій день</source>
        <translation>&amp;My day</translation>
    </message>
    <message>
        <source>Завдання прострочені й на сьогодні (Ctrl+D)</source>
        <translation>Tasks overdue and due today (Ctrl+D)</translation>
    </message>
    <message>
        <source>&amp;Звіти</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <source>Звіт офісу за місяць, квартал чи дати: таблиці, діаграми, збереження в XLSX, CSV, PDF (Ctrl+Shift+R)</source>
        <translation>The office report for a month, a quarter or dates: tables, charts, saving as XLSX, CSV, PDF (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>&amp;Синхронізувати</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <source>Надіслати зміни й отримати нові дані (Ctrl+R, F5)</source>
        <translation>Send changes and get new data (Ctrl+R, F5)</translation>
    </message>
    <message>
        <source>За&amp;блокувати</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <source>Заблокувати програму, поки вас немає (Ctrl+L)</source>
        <translation>Lock the application while you are away (Ctrl+L)</translation>
    </message>
    <message>
        <source>&amp;Закрити вкладку</source>
        <translation>&amp;Close tab</translation>
    </message>
    <message>
        <source>&amp;Імпорт списку…</source>
        <translation>&amp;Import a list…</translation>
    </message>
    <message>
        <source>Імпортувати список офісу з Excel, ODS або CSV</source>
        <translation>Import the office&apos;s list from Excel, ODS or CSV</translation>
    </message>
    <message>
        <source>&amp;Експорт справ…</source>
        <translation>&amp;Export cases…</translation>
    </message>
    <message>
        <source>Записати справи поточного списку або всі у XLSX чи CSV</source>
        <translation>Write the cases of the current list, or all of them, to XLSX or CSV</translation>
    </message>
    <message>
        <source>&amp;Передачі справ…</source>
        <translation>Case &amp;transfers…</translation>
    </message>
    <message>
        <source>Вхідні передачі від інших офісів і ваші запити</source>
        <translation>Incoming transfers from other offices and your requests</translation>
    </message>
    <message>
        <source>Можливі &amp;дублікати в інших офісах…</source>
        <translation>Possible &amp;duplicates in other offices…</translation>
    </message>
    <message>
        <source>Особи, яких, можливо, зареєстрував і інший офіс</source>
        <translation>People another office may have registered too</translation>
    </message>
    <message>
        <source>Перетин до&amp;помоги…</source>
        <translation>Aid &amp;overlap…</translation>
    </message>
    <message>
        <source>Та сама допомога від двох офісів чи надавачів одночасно</source>
        <translation>The same assistance from two offices or providers at once</translation>
    </message>
    <message>
        <source>Відхилені з&amp;міни…</source>
        <translation>Re&amp;fused changes…</translation>
    </message>
    <message>
        <source>Зміни, які сервер не прийняв</source>
        <translation>Changes the server refused</translation>
    </message>
    <message>
        <source>&amp;Налаштування…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Користувачі…</source>
        <translation>&amp;Users…</translation>
    </message>
    <message>
        <source>Хто працює на цьому комп&apos;ютері: додати колегу, увійти на сервер, змінити пароль</source>
        <translation>Who works on this computer: add a colleague, sign in to the server, change a password</translation>
    </message>
    <message>
        <source>&amp;Вийти</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Екстрене &amp;знищення даних…</source>
        <translation>Emergency &amp;wipe…</translation>
    </message>
    <message>
        <source>Знищити всі дані «Поруч» на цьому комп&apos;ютері (Ctrl+Shift+Del)</source>
        <translation>Destroy all Poruch data on this computer (Ctrl+Shift+Del)</translation>
    </message>
    <message>
        <source>&amp;Про програму</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>&amp;Файл</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Вигляд</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Мова інтерфейсу</source>
        <translation>Interface &amp;language</translation>
    </message>
    <message>
        <source>&amp;Налаштування</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Довідка</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Основні дії</source>
        <translation>Main actions</translation>
    </message>
    <message>
        <source>Звіти</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Нова реєстрація</source>
        <translation>New registration</translation>
    </message>
    <message>
        <source>Дію не виконано через внутрішню помилку. Спробуйте ще раз; якщо повторюється, повідомте адміністратора.</source>
        <translation>The action failed because of an internal error. Try again; if it keeps happening, tell the administrator.</translation>
    </message>
</context>
<context>
    <name>MemberRow</name>
    <message>
        <source>Прізвище</source>
        <translation>Surname</translation>
    </message>
    <message>
        <source>Ім&apos;я *</source>
        <translation>Given name *</translation>
    </message>
    <message>
        <source>Прибрати цього члена домогосподарства</source>
        <translation>Remove this household member</translation>
    </message>
</context>
<context>
    <name>MergeBanner</name>
    <message>
        <source>Відкрити ту справу</source>
        <translation>Open that case</translation>
    </message>
    <message>
        <source>Об&apos;єднання…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <source>цей офіс</source>
        <translation>this office</translation>
    </message>
    <message>
        <source>Цю справу об&apos;єднано з іншою справою цієї особи (%1). Тут її можна лише переглядати; працюйте в тій справі.</source>
        <translation>This case was merged into the person&apos;s other case (%1). It is read-only here; work in that case.</translation>
    </message>
    <message>
        <source>До цієї справи приєднано іншу справу цієї особи (%1); кожне значення збережено з джерелом.</source>
        <translation>The person&apos;s other case (%1) was merged into this one; every value is kept with its source.</translation>
    </message>
</context>
<context>
    <name>MergeCandidatesDialog</name>
    <message>
        <source>Об&apos;єднати з іншою справою цієї особи</source>
        <translation>Merge with another case of this person</translation>
    </message>
    <message>
        <source>Шукаю схожі справи на цьому ноутбуці…</source>
        <translation>Looking for similar cases on this laptop…</translation>
    </message>
    <message>
        <source>ПІБ</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Стан справи</source>
        <translation>Case status</translation>
    </message>
    <message>
        <source>Чому схожа</source>
        <translation>Why similar</translation>
    </message>
    <message>
        <source>Об&apos;єднати з вибраною…</source>
        <translation>Merge with the chosen one…</translation>
    </message>
    <message>
        <source>Схожих справ на цьому ноутбуці не знайдено.</source>
        <translation>No similar cases on this laptop.</translation>
    </message>
    <message>
        <source>Справи, схожі на цю особу. Виберіть ту, що описує ту саму людину; ця справа залишиться, вибрана стане лише для перегляду (об&apos;єднання можна скасувати).</source>
        <translation>Cases similar to this person. Choose the one that is the same person; this case stays, the chosen one becomes read-only (the merge can be undone).</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Об&apos;єднання справ однієї особи</source>
        <translation>Merging the same person&apos;s cases</translation>
    </message>
    <message>
        <source>Поле</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Залишити</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Залишити іншу справу</source>
        <translation>Keep the other case</translation>
    </message>
    <message>
        <source>Об&apos;єднати</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>Скасувати об&apos;єднання</source>
        <translation>Undo the merge</translation>
    </message>
    <message>
        <source>Справа, що залишиться: &lt;b&gt;%1&lt;/b&gt; (%2). Справу &lt;b&gt;%3&lt;/b&gt; (%4) буде збережено як є, лише для перегляду, з посиланням на першу. Для кожного поля виберіть, що залишити; обидва значення й звідки вони взялися збережуться, і об&apos;єднання можна буде скасувати.</source>
        <translation>The case that stays: &lt;b&gt;%1&lt;/b&gt; (%2). The case &lt;b&gt;%3&lt;/b&gt; (%4) will be kept as it is, read-only, pointing to the first. Choose what to keep for each field; both values and where they came from are kept, and the merge can be undone.</translation>
    </message>
    <message>
        <source>цей офіс</source>
        <translation>this office</translation>
    </message>
    <message>
        <source>однаково</source>
        <translation>the same</translation>
    </message>
    <message>
        <source>Цього об&apos;єднання на цьому ноутбуці немає.</source>
        <translation>This merge is not on this laptop.</translation>
    </message>
    <message>
        <source>Справи об&apos;єднано: %1, %2. Зелене — значення, яке тепер у справі, що залишилась (%3); друга справа (%4) збережена як була, лише для перегляду.</source>
        <translation>Cases merged: %1, %2. Green: the value the case that stayed (%3) now holds; the other case (%4) is kept as it was, read-only.</translation>
    </message>
    <message>
        <source>Об&apos;єднання скасовано: %1, %2. Обидві справи знову такі, як були до нього.</source>
        <translation>Merge undone: %1, %2. Both cases are again as they were before it.</translation>
    </message>
    <message>
        <source>Змінені після об&apos;єднання поля залишено як є: %1.</source>
        <translation>Fields changed after the merge were left as they are: %1.</translation>
    </message>
    <message>
        <source>Звідки значення</source>
        <translation>Where the value came from</translation>
    </message>
    <message>
        <source>Справа, що залишиться
(%1)</source>
        <translation>Case that stays
(%1)</translation>
    </message>
    <message>
        <source>Інша справа
(%1)</source>
        <translation>Other case
(%1)</translation>
    </message>
    <message>
        <source>із першої</source>
        <translation>from the first</translation>
    </message>
    <message>
        <source>з іншої</source>
        <translation>from the other</translation>
    </message>
    <message>
        <source>обидва</source>
        <translation>both</translation>
    </message>
    <message>
        <source>Обидві справи мають бути на цьому ноутбуці (об&apos;єднує район або офіс, у якому є обидві).</source>
        <translation>Both cases must be on this laptop (the district, or an office holding both, merges them).</translation>
    </message>
    <message>
        <source>Одну з цих справ уже об&apos;єднано з іншою.</source>
        <translation>One of these cases is already merged into another.</translation>
    </message>
    <message>
        <source>Одна зі справ чекає на відповідь щодо передачі.</source>
        <translation>One of the cases is waiting for an answer to a transfer.</translation>
    </message>
    <message>
        <source>Об&apos;єднувати справи може лише керівник або район.</source>
        <translation>Only a supervisor or the district can merge cases.</translation>
    </message>
    <message>
        <source>Це об&apos;єднання вже скасовано.</source>
        <translation>This merge has already been undone.</translation>
    </message>
    <message>
        <source>Це та сама справа.</source>
        <translation>It is the same case.</translation>
    </message>
    <message>
        <source>Не вдалося зберегти. Спробуйте ще раз.</source>
        <translation>Could not save. Please try again.</translation>
    </message>
</context>
<context>
    <name>MultiChoiceButton</name>
    <message>
        <source>немає</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>MyDayPage</name>
    <message>
        <source>На сьогодні завдань немає. Нові завдання додають у справі, на вкладці «Завдання».</source>
        <translation>No tasks for today. New tasks are added in a case, on the “Tasks” tab.</translation>
    </message>
    <message>
        <source>Строк</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Завдання на сьогодні</source>
        <translation>Tasks for today</translation>
    </message>
    <message>
        <source>Відкрити справу</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>Позначити виконаним</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>Мій день — %1</source>
        <translation>My day — %1</translation>
    </message>
    <message>
        <source>(показано найстаріші %1 завдань)</source>
        <translation>(the oldest %1 tasks are shown)</translation>
    </message>
    <message>
        <source>Прострочені: %1</source>
        <translation>Overdue: %1</translation>
    </message>
    <message>
        <source>На сьогодні: %1</source>
        <translation>Due today: %1</translation>
    </message>
</context>
<context>
    <name>NeedsTab</name>
    <message>
        <source>Нове оцінювання потреб</source>
        <translation>New needs assessment</translation>
    </message>
    <message>
        <source>що саме, для кого</source>
        <translation>what exactly, for whom</translation>
    </message>
    <message>
        <source>Загальний висновок фахівця</source>
        <translation>The caseworker&apos;s overall conclusion</translation>
    </message>
    <message>
        <source>Зберегти о&amp;цінювання</source>
        <translation>Save &amp;assessment</translation>
    </message>
    <message>
        <source>Да&amp;та оцінювання</source>
        <translation>Assessment da&amp;te</translation>
    </message>
    <message>
        <source>Висновок</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>Попередні оцінювання</source>
        <translation>Earlier assessments</translation>
    </message>
    <message>
        <source>Дата</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Провів</source>
        <translation>Assessed by</translation>
    </message>
    <message>
        <source>Пріоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Суттєві потреби</source>
        <translation>Significant needs</translation>
    </message>
    <message>
        <source>Пріоритет за цим оцінюванням: %1</source>
        <translation>Priority from this assessment: %1</translation>
    </message>
    <message>
        <source>суттєвих потреб немає</source>
        <translation>no significant needs</translation>
    </message>
    <message>
        <source>Оцінювання збережено.</source>
        <translation>The assessment was saved.</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Відповідь надавача</source>
        <translation>Provider&apos;s answer</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>надавача не вказано</source>
        <translation>no provider given</translation>
    </message>
    <message>
        <source>— відповіді ще немає —</source>
        <translation>— no answer yet —</translation>
    </message>
    <message>
        <source>Відгук надавача; якщо відмовив — причина (обов&apos;язково)</source>
        <translation>The provider&apos;s feedback; if declined, the reason (required)</translation>
    </message>
    <message>
        <source>&amp;Відповідь:</source>
        <translation>&amp;Answer:</translation>
    </message>
    <message>
        <source>&amp;Дата відповіді:</source>
        <translation>&amp;Date of the answer:</translation>
    </message>
    <message>
        <source>Від&amp;гук / причина:</source>
        <translation>&amp;Feedback / reason:</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Змінити мій пароль</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <source>&amp;Поточний пароль</source>
        <translation>&amp;Current password</translation>
    </message>
    <message>
        <source>&amp;Новий пароль</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <source>П&amp;овторіть новий пароль</source>
        <translation>R&amp;epeat the new password</translation>
    </message>
    <message>
        <source>Пароль відкриває ваш ключ на цьому комп&apos;ютері; дані не перешифровуються.</source>
        <translation>The password opens your key on this computer; no data is re-encrypted.</translation>
    </message>
    <message>
        <source>Введіть поточний пароль.</source>
        <translation>Enter the current password.</translation>
    </message>
</context>
<context>
    <name>PersonSection</name>
    <message>
        <source>&amp;Прізвище *</source>
        <translation>&amp;Surname *</translation>
    </message>
    <message>
        <source>&amp;Ім&apos;я *</source>
        <translation>&amp;Given name *</translation>
    </message>
    <message>
        <source>По &amp;батькові</source>
        <translation>&amp;Patronymic</translation>
    </message>
    <message>
        <source>Латиницею</source>
        <translation>In Latin letters</translation>
    </message>
    <message>
        <source>Дата &amp;народження *</source>
        <translation>Date of &amp;birth *</translation>
    </message>
    <message>
        <source>&amp;Стать</source>
        <translation>Se&amp;x</translation>
    </message>
    <message>
        <source>10 цифр</source>
        <translation>10 digits</translation>
    </message>
    <message>
        <source>від&amp;мова від РНОКПП</source>
        <translation>RNOKPP re&amp;fused</translation>
    </message>
    <message>
        <source>Д&amp;окумент</source>
        <translation>D&amp;ocument</translation>
    </message>
    <message>
        <source>Особа відмовилася від РНОКПП через релігійні переконання (відмітка в паспорті)</source>
        <translation>The person refused an RNOKPP for religious reasons (marked in the passport)</translation>
    </message>
    <message>
        <source>&amp;РНОКПП</source>
        <translation>&amp;RNOKPP</translation>
    </message>
    <message>
        <source>РРРРММДД-ННННК</source>
        <translation>YYYYMMDD-NNNNC</translation>
    </message>
    <message>
        <source>&amp;УНЗР</source>
        <translation>&amp;UNZR</translation>
    </message>
    <message>
        <source>серія та номер</source>
        <translation>series and number</translation>
    </message>
    <message>
        <source>&amp;Телефони</source>
        <translation>&amp;Phones</translation>
    </message>
    <message>
        <source>Е&amp;л. пошта</source>
        <translation>E&amp;mail</translation>
    </message>
    <message>
        <source>Зручний &amp;зв&apos;язок</source>
        <translation>Preferred &amp;contact</translation>
    </message>
    <message>
        <source>через кому, напр. українська, кримськотатарська</source>
        <translation>comma-separated, e.g. Ukrainian, Crimean Tatar</translation>
    </message>
    <message>
        <source>Мови спілкування</source>
        <translation>Languages spoken</translation>
    </message>
    <message>
        <source>Вразливості</source>
        <translation>Vulnerabilities</translation>
    </message>
</context>
<context>
    <name>PersonTab</name>
    <message>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Домогосподарство</source>
        <translation>Household</translation>
    </message>
</context>
<context>
    <name>PhoneList</name>
    <message>
        <source>+ Ще один телефон</source>
        <translation>+ Another phone</translation>
    </message>
    <message>
        <source>+380 67 123 45 67</source>
        <translation>+380 67 123 45 67</translation>
    </message>
    <message>
        <source>Видалити цей номер</source>
        <translation>Remove this number</translation>
    </message>
</context>
<context>
    <name>PlanTab</name>
    <message>
        <source>Затвердити &amp;план</source>
        <translation>&amp;Approve plan</translation>
    </message>
    <message>
        <source>Затверджує план керівник офісу</source>
        <translation>The head of office approves the plan</translation>
    </message>
    <message>
        <source>Цілі</source>
        <translation>Goals</translation>
    </message>
    <message>
        <source>Мета</source>
        <translation>Goal</translation>
    </message>
    <message>
        <source>Сфера</source>
        <translation>Domain</translation>
    </message>
    <message>
        <source>Цільова дата</source>
        <translation>Target date</translation>
    </message>
    <message>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Нова мета, напр. «Оформити допомогу на проживання»</source>
        <translation>New goal, e.g. “Apply for the living allowance”</translation>
    </message>
    <message>
        <source>— сфера потреб —</source>
        <translation>— need domain —</translation>
    </message>
    <message>
        <source>Додати &amp;мету</source>
        <translation>Add &amp;goal</translation>
    </message>
    <message>
        <source>до</source>
        <translation>by</translation>
    </message>
    <message>
        <source>Послуги та направлення</source>
        <translation>Services and referrals</translation>
    </message>
    <message>
        <source>Послуга</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Надавач</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Направлено</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Надано</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Відповідь надавача</source>
        <translation>Provider&apos;s answer</translation>
    </message>
    <message>
        <source>До якої мети</source>
        <translation>For which goal</translation>
    </message>
    <message>
        <source>Послуга з каталогу</source>
        <translation>Service from the catalogue</translation>
    </message>
    <message>
        <source>Надавач з довідника</source>
        <translation>Provider from the directory</translation>
    </message>
    <message>
        <source>Додати п&amp;ослугу</source>
        <translation>Add &amp;service</translation>
    </message>
    <message>
        <source>Відповідь &amp;надавача…</source>
        <translation>Provider&apos;s a&amp;nswer…</translation>
    </message>
    <message>
        <source>Що відповів надавач на направлення: прийняв, надав послугу чи відмовив (з причиною)</source>
        <translation>What the provider answered to the referral: accepted, delivered the service or declined (with the reason)</translation>
    </message>
    <message>
        <source>&amp;Лист-направлення (PDF)…</source>
        <translation>Referral &amp;letter (PDF)…</translation>
    </message>
    <message>
        <source>Одна сторінка для особи до надавача: лише те, що потрібно для направлення. Записується як експорт.</source>
        <translation>One page for the person to take to the provider: only what the referral needs. Recorded as an export.</translation>
    </message>
    <message>
        <source>Місцевий на&amp;давач…</source>
        <translation>Local pro&amp;vider…</translation>
    </message>
    <message>
        <source>Додати надавача вашої громади, якого немає в довіднику</source>
        <translation>Add a provider of your community that is not in the directory</translation>
    </message>
    <message>
        <source>План затверджено: %1, %2</source>
        <translation>Plan approved: %1, %2</translation>
    </message>
    <message>
        <source>План ще не затверджено керівником.</source>
        <translation>The plan is not yet approved by the head of office.</translation>
    </message>
    <message>
        <source>Стан мети</source>
        <translation>Goal status</translation>
    </message>
    <message>
        <source>Стан послуги</source>
        <translation>Service status</translation>
    </message>
    <message>
        <source>— без мети —</source>
        <translation>— no goal —</translation>
    </message>
    <message>
        <source>— надавача в довіднику немає —</source>
        <translation>— provider not in the directory —</translation>
    </message>
    <message>
        <source>Напишіть, якої мети треба досягти.</source>
        <translation>Write what the goal is.</translation>
    </message>
    <message>
        <source>Мету додано.</source>
        <translation>The goal was added.</translation>
    </message>
    <message>
        <source>Стан мети змінено.</source>
        <translation>The goal status was changed.</translation>
    </message>
    <message>
        <source>Послугу додано до плану.</source>
        <translation>The service was added to the plan.</translation>
    </message>
    <message>
        <source>Стан послуги змінено.</source>
        <translation>The service status was changed.</translation>
    </message>
    <message>
        <source>Відповідь надавача записано.</source>
        <translation>The provider&apos;s answer is recorded.</translation>
    </message>
    <message>
        <source>Зберегти лист-направлення</source>
        <translation>Save the referral letter</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Не вдалося записати файл. Оберіть іншу теку.</source>
        <translation>The file could not be written. Choose another folder.</translation>
    </message>
    <message>
        <source>Лист-направлення збережено: %1</source>
        <translation>Referral letter saved: %1</translation>
    </message>
    <message>
        <source>Місцевого надавача додано.</source>
        <translation>Local provider added.</translation>
    </message>
    <message>
        <source>План затверджено.</source>
        <translation>The plan was approved.</translation>
    </message>
</context>
<context>
    <name>PoruchApp</name>
    <message>
        <source>Програму заблоковано. Завершуємо фонові завдання…</source>
        <translation>Poruch is locked. Finishing background work…</translation>
    </message>
    <message>
        <source>Програму заблоковано. Щоб продовжити, введіть пароль.</source>
        <translation>Poruch is locked. Enter your password to continue.</translation>
    </message>
    <message>
        <source>Пристрій відкликано</source>
        <translation>Device revoked</translation>
    </message>
    <message>
        <source>Адміністратор відкликав цей комп&apos;ютер. Локальні дані знищено. Щоб працювати далі, підключіть комп&apos;ютер до сервера знову.</source>
        <translation>The administrator revoked this computer. Its local data has been destroyed. To keep working, connect the computer to the server again.</translation>
    </message>
    <message>
        <source>Дані знищено</source>
        <translation>Data destroyed</translation>
    </message>
    <message>
        <source>Дані «Поруч» на цьому комп&apos;ютері знищено: ключі, базу даних, резервні копії й налаштування. Те, що вже було на сервері, збережено там.</source>
        <translation>The Poruch data on this computer has been destroyed: keys, database, backups and settings. What had already reached the server is kept there.</translation>
    </message>
    <message>
        <source>Забагато невдалих спроб входу поспіль: за правилами вашого офісу дані «Поруч» на цьому комп&apos;ютері знищено. Те, що вже було на сервері, збережено там; щоб працювати далі, зверніться до адміністратора.</source>
        <translation>Too many failed sign-in attempts in a row: as your office&apos;s policy requires, the Poruch data on this computer has been destroyed. What had already reached the server is kept there; to continue working, contact your administrator.</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Перші рядки</source>
        <translation>First rows</translation>
    </message>
    <message>
        <source>Так читаються перші рядки файлу (дати у вигляді дд.мм.рррр). Далі файл буде перевірено весь: це ще нічого не збереже.</source>
        <translation>This is how the first rows of the file are read (dates as dd.mm.yyyy). Next the whole file is checked: that saves nothing yet.</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>Аркуш</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>Рядок</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Рівень</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Колонка</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Що не так</source>
        <translation>What is wrong</translation>
    </message>
    <message>
        <source>помилка</source>
        <translation>error</translation>
    </message>
    <message>
        <source>попередження</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>пропущено</source>
        <translation>skipped</translation>
    </message>
</context>
<context>
    <name>ProblemsTable</name>
    <message>
        <source>Лише помилки</source>
        <translation>Errors only</translation>
    </message>
</context>
<context>
    <name>ProgressBox</name>
    <message>
        <source>Зупинити</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Зупиняється…</source>
        <translation>Stopping…</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>Реєстрація особи</source>
        <translation>Registering a person</translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>&amp;Офіс *</source>
        <translation>&amp;Office *</translation>
    </message>
    <message>
        <source>&amp;Категорія *</source>
        <translation>&amp;Category *</translation>
    </message>
    <message>
        <source>Етап перемі&amp;щення</source>
        <translation>Displacement &amp;stage</translation>
    </message>
    <message>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Домогосподарство</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Переміщення</source>
        <translation>Displacement</translation>
    </message>
    <message>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Зареєструвати</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message numerus="yes">
        <source>Виправте позначені червоним поля (%n), щоб зареєструвати.</source>
        <translation>
            <numerusform>Correct the field marked in red (%n) to register.</numerusform>
            <numerusform>Correct the fields marked in red (%n) to register.</numerusform>
        </translation>
    </message>
    <message>
        <source>Перевіряю, чи особа вже не зареєстрована…</source>
        <translation>Checking whether the person is already registered…</translation>
    </message>
    <message>
        <source>Зберігаю…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Справу зареєстровано.</source>
        <translation>The case was registered.</translation>
    </message>
    <message>
        <source>Справу не збережено: виправте позначені поля.</source>
        <translation>The case was not saved: correct the marked fields.</translation>
    </message>
    <message>
        <source>Не вдалося зберегти справу. Спробуйте ще раз; якщо помилка повториться, зверніться до адміністратора.</source>
        <translation>The case could not be saved. Try again; if it happens again, contact the administrator.</translation>
    </message>
    <message>
        <source>Скасувати реєстрацію?</source>
        <translation>Cancel the registration?</translation>
    </message>
    <message>
        <source>Введені дані не буде збережено.</source>
        <translation>What you typed will not be saved.</translation>
    </message>
    <message>
        <source>Скасувати реєстрацію</source>
        <translation>Cancel registration</translation>
    </message>
    <message>
        <source>Продовжити заповнення</source>
        <translation>Keep filling in</translation>
    </message>
</context>
<context>
    <name>RejectedChangesDialog</name>
    <message>
        <source>Відхилені зміни</source>
        <translation>Refused changes</translation>
    </message>
    <message>
        <source>Сервер не прийняв ці зміни. Їх збережено тут, щоб нічого не загубилося: керівник може внести зміну знову або відкинути її. Рішення записується в історію.</source>
        <translation>The server did not accept these changes. They are kept here so that nothing is lost: a supervisor can apply a change again or discard it. The decision is recorded in history.</translation>
    </message>
    <message>
        <source>Коли</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Що</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Внести знову</source>
        <translation>Apply again</translation>
    </message>
    <message>
        <source>Записати цю зміну ще раз як нову; її буде надіслано під час синхронізації</source>
        <translation>Record this change again as a new one; it will be sent at the next sync</translation>
    </message>
    <message>
        <source>Відкинути</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Вирішує керівник: попросіть його відкрити цей список на цьому комп&apos;ютері.</source>
        <translation>A supervisor decides: ask them to open this list on this computer.</translation>
    </message>
    <message>
        <source>Відхилених змін немає.</source>
        <translation>No refused changes.</translation>
    </message>
    <message>
        <source>%1: видалення</source>
        <translation>%1: deletion</translation>
    </message>
    <message>
        <source>Справи вже немає на цьому комп&apos;ютері: зміну можна лише відкинути (перепишіть її зміст новому офісу).</source>
        <translation>The case is no longer on this computer: the change can only be discarded (pass its content on to the new office).</translation>
    </message>
    <message>
        <source>Не вдалося: справа чекає на передачу або її вже немає тут.</source>
        <translation>Not possible: the case is waiting for a transfer or is no longer here.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Місяць</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Квартал</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>Дати</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>Вид періоду</source>
        <translation>Kind of period</translation>
    </message>
    <message>
        <source>Від</source>
        <translation>From</translation>
    </message>
    <message>
        <source>До</source>
        <translation>To</translation>
    </message>
    <message>
        <source>з</source>
        <translation>from</translation>
    </message>
    <message>
        <source>по</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Показати</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Вигляд звіту</source>
        <translation>Report layout</translation>
    </message>
    <message>
        <source>Звіт району: стовпець на кожен офіс</source>
        <translation>District report: a column per office</translation>
    </message>
    <message>
        <source>Усі офіси разом</source>
        <translation>All offices together</translation>
    </message>
    <message>
        <source>Період:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Зберегти XLSX…</source>
        <translation>Save XLSX…</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <source>Зберегти звіт у файл %1</source>
        <translation>Save the report as a %1 file</translation>
    </message>
    <message>
        <source>Оновлення даних звіту: %v з %m справ</source>
        <translation>Updating the report&apos;s data: %v of %m cases</translation>
    </message>
    <message>
        <source>Таблиці звіту</source>
        <translation>Report tables</translation>
    </message>
    <message>
        <source>Оберіть період — звіт з’явиться тут.</source>
        <translation>Choose a period: the report appears here.</translation>
    </message>
    <message>
        <source>Дата «по» раніше за дату «з»: виправте період.</source>
        <translation>The “to” date is before the “from” date: correct the period.</translation>
    </message>
    <message>
        <source>Офіси: %1</source>
        <translation>Offices: %1</translation>
    </message>
    <message>
        <source>Звіт не сформовано через внутрішню помилку. Спробуйте ще раз; якщо повторюється, повідомте адміністратора.</source>
        <translation>The report was not made because of an internal error. Try again; if it happens again, tell the administrator.</translation>
    </message>
    <message>
        <source>Сформовано: %1</source>
        <translation>Made: %1</translation>
    </message>
    <message>
        <source>Період ще триває: показники «на кінець періоду» — станом на сьогодні.</source>
        <translation>The period is still running: the “at period end” figures are as of today.</translation>
    </message>
    <message>
        <source>Період ще не почався.</source>
        <translation>The period has not started yet.</translation>
    </message>
    <message>
        <source>Зміни інших пристроїв враховано станом на останню синхронізацію (по офісах — у таблиці «Синхронізація»).</source>
        <translation>Changes made on other devices are counted as of the last sync (per office: see the “Sync freshness” table).</translation>
    </message>
    <message>
        <source>Діаграма: %1</source>
        <translation>Chart: %1</translation>
    </message>
    <message>
        <source>Звіт району</source>
        <translation>District report</translation>
    </message>
    <message>
        <source>Звіт офісу</source>
        <translation>Office report</translation>
    </message>
    <message>
        <source>Зберегти звіт (%1)</source>
        <translation>Save the report (%1)</translation>
    </message>
    <message>
        <source>Файл звіту не шифрується. Він містить лише кількості, без імен і даних осіб, яким допомагає офіс; таблиці навантаження і прострочених завдань називають фахівців офісу (їхні імена користувачів). Збереження буде записано в історію експортів.</source>
        <translation>The report file is not encrypted. It holds counts only, no names or data of the people the office helps; the caseload and overdue-task tables name the office&apos;s caseworkers (their user names). The save is recorded in the history of exports.</translation>
    </message>
    <message>
        <source>Зберігаю %1…</source>
        <translation>Saving %1…</translation>
    </message>
    <message>
        <source>Збережено: %1. Збереження записано в історію експортів.</source>
        <translation>Saved: %1. The save is recorded in the history of exports.</translation>
    </message>
    <message>
        <source>Файл не збережено: %1. Оберіть іншу теку.</source>
        <translation>The file was not saved: %1. Choose another folder.</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Імпорт</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Справи зберігаються частинами по 200. Якщо зупинити, кожна вже збережена справа залишиться повною, а решту рядків не буде імпортовано. Тим часом можна працювати в програмі.</source>
        <translation>Cases are saved in batches of 200. If you stop, every case already saved stays complete and the remaining rows are not imported. Meanwhile you can keep working in the program.</translation>
    </message>
    <message>
        <source>Імпортується…</source>
        <translation>Importing…</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>Підключення до сервера</source>
        <translation>Connecting to a server</translation>
    </message>
    <message>
        <source>Дані для входу надав адміністратор. Пароль ніде не зберігається відкрито.</source>
        <translation>Your administrator gave you these sign-in details. The password is never stored in clear.</translation>
    </message>
    <message>
        <source>Підключення до сервера…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>Адреса &amp;сервера</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <source>&amp;Користувач</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Назва цього &amp;комп&apos;ютера</source>
        <translation>Name of this &amp;computer</translation>
    </message>
    <message>
        <source>Вкажіть адресу сервера.</source>
        <translation>Enter the server address.</translation>
    </message>
    <message>
        <source>Вкажіть ім&apos;я користувача і пароль.</source>
        <translation>Enter the user name and password.</translation>
    </message>
    <message>
        <source>Сервер не прийняв ім&apos;я користувача або пароль. Перевірте їх або зверніться до адміністратора.</source>
        <translation>The server did not accept the user name or password. Check them or contact the administrator.</translation>
    </message>
    <message>
        <source>Не вдалося підключитися: %1</source>
        <translation>Could not connect: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Налаштування</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source> хв</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Мова інтерфейсу</source>
        <translation>Interface &amp;language</translation>
    </message>
    <message>
        <source>&amp;Блокувати після бездіяльності</source>
        <translation>&amp;Lock after inactivity of</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Увійти на сервер</source>
        <translation>Sign in to the server</translation>
    </message>
    <message>
        <source>Увійдіть своїм паролем на сервері як «%1»: ваші зміни надсилатимуться під вашим ім&apos;ям.</source>
        <translation>Sign in as “%1” with your server password: your changes will be sent under your own name.</translation>
    </message>
    <message>
        <source>Пароль на &amp;сервері</source>
        <translation>Password on the &amp;server</translation>
    </message>
    <message>
        <source>Введіть пароль.</source>
        <translation>Enter the password.</translation>
    </message>
</context>
<context>
    <name>StandalonePage</name>
    <message>
        <source>Автономний офіс</source>
        <translation>Standalone office</translation>
    </message>
    <message>
        <source>Ви будете першим користувачем і керівником офісу на цьому комп&apos;ютері.</source>
        <translation>You will be the first user and the head of office on this computer.</translation>
    </message>
    <message>
        <source>напр. Служба у справах ВПО Бучанської громади</source>
        <translation>e.g. IDP service of Bucha hromada</translation>
    </message>
    <message>
        <source>Прізвище та ім&apos;я</source>
        <translation>Surname and given name</translation>
    </message>
    <message>
        <source>латиницею, напр. olena.k</source>
        <translation>in Latin letters, e.g. olena.k</translation>
    </message>
    <message>
        <source>Створення зашифрованої бази даних…</source>
        <translation>Creating the encrypted database…</translation>
    </message>
    <message>
        <source>Назва &amp;офісу</source>
        <translation>&amp;Office name</translation>
    </message>
    <message>
        <source>Ваше &amp;ім&apos;я</source>
        <translation>Your &amp;name</translation>
    </message>
    <message>
        <source>І&amp;м&apos;я користувача</source>
        <translation>User na&amp;me</translation>
    </message>
    <message>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Пароль ще &amp;раз</source>
        <translation>Password &amp;again</translation>
    </message>
    <message>
        <source>Щонайменше %1 символів. Без пароля дані не відновити: запишіть його й зберігайте окремо від комп&apos;ютера.</source>
        <translation>At least %1 characters. Without the password the data cannot be recovered: write it down and keep it away from the computer.</translation>
    </message>
    <message>
        <source>Вкажіть назву офісу.</source>
        <translation>Enter the office name.</translation>
    </message>
    <message>
        <source>Ім&apos;я користувача: латинські літери, цифри, крапка, дефіс або підкреслення.</source>
        <translation>User name: Latin letters, digits, dot, hyphen or underscore.</translation>
    </message>
    <message>
        <source>Пароль закороткий: потрібно щонайменше %1 символів.</source>
        <translation>The password is too short: at least %1 characters are needed.</translation>
    </message>
    <message>
        <source>Паролі не збігаються.</source>
        <translation>The passwords do not match.</translation>
    </message>
    <message>
        <source>Не вдалося створити базу даних: %1</source>
        <translation>Could not create the database: %1</translation>
    </message>
</context>
<context>
    <name>StatusActions</name>
    <message>
        <source>Етап, стан, фахівець…</source>
        <translation>Stage, status, caseworker…</translation>
    </message>
    <message>
        <source>Закрити справу…</source>
        <translation>Close case…</translation>
    </message>
    <message>
        <source>Справу закрито.</source>
        <translation>The case was closed.</translation>
    </message>
    <message>
        <source>Справу передано: %1.</source>
        <translation>Case handed to %1.</translation>
    </message>
    <message>
        <source>Зміни збережено.</source>
        <translation>Changes saved.</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Закрити справу</source>
        <translation>Close case</translation>
    </message>
    <message>
        <source>Етап, стан і фахівець</source>
        <translation>Stage, status and caseworker</translation>
    </message>
    <message>
        <source>Передати справу іншому фахівцю може керівник або районний рівень.</source>
        <translation>Only a supervisor or a district user can hand a case to another caseworker.</translation>
    </message>
    <message>
        <source>Коротко: чого досягнуто, куди передано, що лишилося</source>
        <translation>In short: what was achieved, where it was passed on, what is left</translation>
    </message>
    <message>
        <source>&amp;Етап роботи</source>
        <translation>Work &amp;stage</translation>
    </message>
    <message>
        <source>Етап &amp;переміщення</source>
        <translation>&amp;Displacement stage</translation>
    </message>
    <message>
        <source>&amp;Стан</source>
        <translation>S&amp;tatus</translation>
    </message>
    <message>
        <source>&amp;Відповідальний фахівець</source>
        <translation>&amp;Caseworker responsible</translation>
    </message>
    <message>
        <source>П&amp;ричина закриття *</source>
        <translation>Closure &amp;reason *</translation>
    </message>
    <message>
        <source>&amp;Коментар</source>
        <translation>&amp;Comment</translation>
    </message>
    <message>
        <source>Зберегти</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Підсумок</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Зберегти звіт як XLSX…</source>
        <translation>Save the report as XLSX…</translation>
    </message>
    <message>
        <source>Імпортовано нових справ: %1 (членів домогосподарств: %2); змінено справ: %3; рядків з помилками: %4; пропущено дублікатів: %5.</source>
        <translation>New cases imported: %1 (household members: %2); cases edited: %3; rows with errors: %4; duplicates skipped: %5.</translation>
    </message>
    <message>
        <source>Імпорт зупинено: %1 рядків не імпортовано. Збережені справи повні.</source>
        <translation>Import stopped: %1 rows not imported. The cases saved are complete.</translation>
    </message>
</context>
<context>
    <name>SyncAdapter</name>
    <message>
        <source>Синхронізація…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Надсилання змін: %1 з %2</source>
        <translation>Sending changes: %1 of %2</translation>
    </message>
    <message>
        <source>Отримання даних: %1</source>
        <translation>Receiving data: %1</translation>
    </message>
    <message>
        <source>Відновлення даних із сервера: %1</source>
        <translation>Restoring data from the server: %1</translation>
    </message>
    <message>
        <source>Перевірка даних…</source>
        <translation>Checking data…</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Зміни, які сервер не прийняв: переглянути, внести знову або відкинути</source>
        <translation>Changes the server refused: review, apply again or discard</translation>
    </message>
    <message>
        <source>Синхронізувати зараз</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Надіслати зміни й отримати нові дані (Ctrl+R, F5)</source>
        <translation>Send changes and get new data (Ctrl+R, F5)</translation>
    </message>
    <message>
        <source>Ви ще не ввійшли на сервер</source>
        <translation>You have not signed in to the server yet</translation>
    </message>
    <message>
        <source>Ваші зміни збережено тут і чекають: Налаштування → Користувачі → «Увійти на сервер».</source>
        <translation>Your changes are saved here and wait: Settings → Users → “Sign in to the server”.</translation>
    </message>
    <message>
        <source>Автономний офіс (без сервера)</source>
        <translation>Standalone office (no server)</translation>
    </message>
    <message>
        <source>Цей комп&apos;ютер не підключено до сервера; усі дані зберігаються лише тут.</source>
        <translation>This computer is not connected to a server; all data is kept here only.</translation>
    </message>
    <message>
        <source>З&apos;єднання…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Зв&apos;язок ще не перевірено</source>
        <translation>Connection not checked yet</translation>
    </message>
    <message>
        <source>● На зв&apos;язку</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>Сервер доступний</source>
        <translation>The server is reachable</translation>
    </message>
    <message>
        <source>● Немає зв&apos;язку</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <source>Працюйте як звичайно: зміни збережено тут і буде надіслано пізніше.</source>
        <translation>Keep working as usual: changes are saved here and will be sent later.</translation>
    </message>
    <message>
        <source>Усе збережено на цьому ноутбуці. Ще не надіслано на сервер: зміни, а також записи про те, хто відкривав справи. Їх буде надіслано під час наступної синхронізації.</source>
        <translation>Everything is saved on this laptop. Not yet sent to the server: changes, and the records of who opened cases. They will be sent at the next sync.</translation>
    </message>
    <message>
        <source>Сервер відновлено з копії: повернуто записів: %1</source>
        <translation>Server restored from a backup: records given back: %1</translation>
    </message>
    <message>
        <source>записів колег лише тут: %1</source>
        <translation>colleagues&apos; records only here: %1</translation>
    </message>
    <message>
        <source>Сервер відновили з резервної копії, і він втратив зміни, зроблені після неї. Усе, що цей комп&apos;ютер мав із них і може надіслати від імені своїх користувачів, надіслано знову; одночасні зміни полів стали конфліктами для перегляду. Записи колег, які лише тут, повернуть на сервер їхні комп&apos;ютери; тоді їх буде оновлено й тут.</source>
        <translation>The server was restored from a backup and lost the changes made after it. Everything this computer held of them and may send in its users&apos; names has been sent again; fields changed on both sides became conflicts to review. Colleagues&apos; records that are only here will be given back by their own computers, and then updated here too.</translation>
    </message>
    <message>
        <source>Не надіслано змін: %1</source>
        <translation>Changes not sent: %1</translation>
    </message>
    <message>
        <source>чекають входу: %1</source>
        <translation>waiting for sign-in: %1</translation>
    </message>
    <message>
        <source>Усе надіслано</source>
        <translation>Everything sent</translation>
    </message>
    <message>
        <source>Остання синхронізація: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>Конфлікти для перегляду: %1</source>
        <translation>Conflicts to review: %1</translation>
    </message>
    <message>
        <source>Відхилені зміни: %1</source>
        <translation>Refused changes: %1</translation>
    </message>
</context>
<context>
    <name>TasksTab</name>
    <message>
        <source>Виконано</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Строк</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Виконавець</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>Дата виконання</source>
        <translation>Date done</translation>
    </message>
    <message>
        <source>Нове завдання, напр. «Зателефонувати щодо довідки»</source>
        <translation>New task, e.g. “Call about the certificate”</translation>
    </message>
    <message>
        <source>Додати з&amp;авдання</source>
        <translation>Add t&amp;ask</translation>
    </message>
    <message>
        <source>до</source>
        <translation>due</translation>
    </message>
    <message>
        <source> (прострочено)</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>Завдання виконано.</source>
        <translation>The task is done.</translation>
    </message>
    <message>
        <source>Завдання знову відкрито.</source>
        <translation>The task was reopened.</translation>
    </message>
    <message>
        <source>Напишіть, що треба зробити.</source>
        <translation>Write what needs doing.</translation>
    </message>
    <message>
        <source>Завдання додано.</source>
        <translation>The task was added.</translation>
    </message>
</context>
<context>
    <name>TerritoryPicker</name>
    <message>
        <source>Пошук населеного пункту за назвою, напр. Бахмут</source>
        <translation>Find a settlement by name, e.g. Bakhmut</translation>
    </message>
    <message>
        <source>Пошук населеного пункту</source>
        <translation>Find a settlement</translation>
    </message>
    <message>
        <source>— область —</source>
        <translation>— oblast —</translation>
    </message>
    <message>
        <source>— район —</source>
        <translation>— raion —</translation>
    </message>
    <message>
        <source>— громада —</source>
        <translation>— hromada —</translation>
    </message>
    <message>
        <source>— населений пункт —</source>
        <translation>— settlement —</translation>
    </message>
    <message>
        <source>— район у місті —</source>
        <translation>— city district —</translation>
    </message>
    <message>
        <source>Територія на переліку територій бойових дій або тимчасової окупації:</source>
        <translation>The territory is on the list of territories of hostilities or temporary occupation:</translation>
    </message>
    <message>
        <source>з %1</source>
        <translation>since %1</translation>
    </message>
    <message>
        <source>триває</source>
        <translation>ongoing</translation>
    </message>
    <message>
        <source>завершено</source>
        <translation>ended</translation>
    </message>
    <message>
        <source>• %1 — %2: %3 (%4)</source>
        <translation>• %1 — %2: %3 (%4)</translation>
    </message>
</context>
<context>
    <name>TransferBanner</name>
    <message>
        <source>Відкликати передачу</source>
        <translation>Revoke the transfer</translation>
    </message>
    <message>
        <source>Чекає відповіді до %1.</source>
        <translation>Waiting for an answer until %1.</translation>
    </message>
    <message>
        <source>Запит буде надіслано під час синхронізації.</source>
        <translation>The request will be sent at the next sync.</translation>
    </message>
    <message>
        <source>Справу запропоновано передати до офісу «%1». %2 Доки офіс не відповість, справу тут можна лише переглядати.</source>
        <translation>A transfer of this case to “%1” has been requested. %2 Until that office answers, the case can only be viewed here.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Передати справу до іншого офісу</source>
        <translation>Transfer the case to another office</translation>
    </message>
    <message>
        <source>Справу «%1» буде передано, коли офіс-отримувач її прийме. До того вона лишається тут, але її можна лише переглядати. Запит буде надіслано під час синхронізації.</source>
        <translation>The case “%1” moves when the receiving office accepts it. Until then it stays here, but can only be viewed. The request is sent at the next sync.</translation>
    </message>
    <message>
        <source>Пошук офісу за назвою</source>
        <translation>Find an office by name</translation>
    </message>
    <message>
        <source>Шукати в інших районах</source>
        <translation>Search other districts</translation>
    </message>
    <message>
        <source>Запитати сервер про офіси з такою назвою (потрібен зв&apos;язок)</source>
        <translation>Ask the server for offices with this name (needs a connection)</translation>
    </message>
    <message>
        <source>Офіс-отримувач</source>
        <translation>Receiving office</translation>
    </message>
    <message>
        <source>Довідник офісів ще не отримано або в районі немає інших офісів. Синхронізуйте і спробуйте знову.</source>
        <translation>The office directory has not arrived yet, or the district has no other offices. Sync and try again.</translation>
    </message>
    <message>
        <source>Наприклад: особа переїхала до іншої громади</source>
        <translation>For example: the person moved to another hromada</translation>
    </message>
    <message>
        <source>Особа погодилася, щоб її дані передали іншому офісу</source>
        <translation>The person agreed to their data being shared with the other office</translation>
    </message>
    <message>
        <source>Без згоди офіс-отримувач до прийняття бачить лише рік народження, категорію, пріоритет і потреби, без імені.</source>
        <translation>Without consent the receiving office sees only the birth year, category, priority and needs before it accepts, not the name.</translation>
    </message>
    <message>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Передати</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Введіть щонайменше дві літери назви офісу.</source>
        <translation>Type at least two letters of the office&apos;s name.</translation>
    </message>
    <message>
        <source>Сервер не знайшов офісів із такою назвою.</source>
        <translation>The server found no office with this name.</translation>
    </message>
    <message>
        <source>Немає зв&apos;язку з сервером: пошук в інших районах працює лише на зв&apos;язку. Офіси свого району доступні завжди.</source>
        <translation>No connection to the server: searching other districts needs a connection. Your district&apos;s offices are always available.</translation>
    </message>
    <message>
        <source>Оберіть офіс-отримувач.</source>
        <translation>Choose the receiving office.</translation>
    </message>
    <message>
        <source>Вкажіть причину передачі.</source>
        <translation>Give the reason for the transfer.</translation>
    </message>
    <message>
        <source>Ця справа вже чекає на відповідь щодо іншої передачі.</source>
        <translation>Another transfer of this case is already waiting for an answer.</translation>
    </message>
    <message>
        <source>Передавати справи може лише керівник або район.</source>
        <translation>Only a supervisor or a district user may transfer cases.</translation>
    </message>
    <message>
        <source>Справу не можна передати до того самого офісу.</source>
        <translation>A case cannot be transferred to its own office.</translation>
    </message>
    <message>
        <source>Не вдалося записати передачу.</source>
        <translation>The transfer could not be recorded.</translation>
    </message>
</context>
<context>
    <name>TransfersDialog</name>
    <message>
        <source>Передачі справ</source>
        <translation>Case transfers</translation>
    </message>
    <message>
        <source>Від офісу</source>
        <translation>From office</translation>
    </message>
    <message>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Рік народж.</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Пріоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Надіслано</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>До офісу</source>
        <translation>To office</translation>
    </message>
    <message>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Відповідь</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Причина відмови (обов&apos;язково, щоб відхилити)</source>
        <translation>Reason for declining (required to decline)</translation>
    </message>
    <message>
        <source>Прийняти</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Відхилити</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Відкликати</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>Вхідні</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <source>Вихідні</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <source>(без імені: немає згоди)</source>
        <translation>(no name: no consent)</translation>
    </message>
    <message>
        <source>ще не надіслано</source>
        <translation>not sent yet</translation>
    </message>
    <message>
        <source>Вкажіть причину відмови.</source>
        <translation>Give the reason for declining.</translation>
    </message>
    <message>
        <source>На цю передачу вже відповіли.</source>
        <translation>This transfer has already been answered.</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Поруч — вхід</source>
        <translation>Poruch — sign in</translation>
    </message>
    <message>
        <source>Поруч</source>
        <translation>Poruch</translation>
    </message>
    <message>
        <source>Ведення справ соціальної підтримки</source>
        <translation>Social support case management</translation>
    </message>
    <message>
        <source>Користувач</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Увійти</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>&amp;Користувач</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Введіть пароль.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>Оновлюємо базу даних…</source>
        <translation>Updating the database…</translation>
    </message>
    <message>
        <source>Після оновлення програми базу даних переводимо на нову версію (спершу робимо її копію). На великій базі це може тривати кілька хвилин. Не вимикайте комп&apos;ютер.</source>
        <translation>The application was updated: the database is being brought to the new version (a copy of it is made first). On a large database this may take several minutes. Do not switch the computer off.</translation>
    </message>
    <message>
        <source>Неправильний пароль. Перевірте розкладку клавіатури та Caps Lock.</source>
        <translation>Wrong password. Check the keyboard layout and Caps Lock.</translation>
    </message>
    <message>
        <source>Цю базу даних оновила версія %1 програми «Поруч», а встановлено версію %2. Встановіть версію %1 або новішу, щоб відкрити її.</source>
        <translation>This database was updated by Poruch %1, and version %2 is installed. Install version %1 or newer to open it.</translation>
    </message>
    <message>
        <source>Цю базу даних створила новіша версія програми «Поруч». Оновіть програму, щоб відкрити її.</source>
        <translation>This database was created by a newer version of Poruch. Update the application to open it.</translation>
    </message>
    <message>
        <source>на диску закінчилося місце. Звільніть місце на диску й увійдіть знову</source>
        <translation>the disk is full. Free some disk space and sign in again</translation>
    </message>
    <message>
        <source>базу даних відкрито іншою програмою. Закрийте її й увійдіть знову</source>
        <translation>another program has the database open. Close it and sign in again</translation>
    </message>
    <message>
        <source>не вдалося записати копію в теку %1. Перевірте доступ до неї або зверніться до адміністратора</source>
        <translation>the copy could not be written to the folder %1. Check access to it or contact the administrator</translation>
    </message>
    <message>
        <source>Нова версія програми оновлює базу даних і спершу робить її копію, але %1. Базу даних не змінено.</source>
        <translation>The new version of the application updates the database and first makes a copy of it, but %1. The database was not changed.</translation>
    </message>
    <message>
        <source>Не вдалося відкрити базу даних: файл ключів або бази пошкоджено. Зверніться до адміністратора; дані на сервері не втрачено.</source>
        <translation>The database could not be opened: the key file or the database is damaged. Contact the administrator; the data on the server is not lost.</translation>
    </message>
    <message>
        <source>Не вдалося відкрити базу даних. Спробуйте ще раз або зверніться до адміністратора.</source>
        <translation>The database could not be opened. Try again or contact the administrator.</translation>
    </message>
    <message>
        <source>Відкриваємо…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>Забагато невдалих спроб. Наступна спроба можлива через %1 с.</source>
        <translation>Too many failed attempts. You can try again in %1 s.</translation>
    </message>
    <message>
        <source>Цей комп&apos;ютер не з&apos;єднувався з сервером %1 дн., а правила вашого офісу дозволяють не більше %2. Вхід заблоковано, доки комп&apos;ютер не з&apos;єднається з сервером: підключіть його до інтернету (перевірка відбудеться сама за кілька хвилин) або зверніться до адміністратора.</source>
        <translation>This computer has not been in contact with the server for %1 days, and your office&apos;s policy allows at most %2. Signing in is blocked until the computer reaches the server: connect it to the internet (the check runs by itself within a few minutes) or contact your administrator.</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Користувачі цього комп&apos;ютера</source>
        <translation>Users of this computer</translation>
    </message>
    <message>
        <source>Користувач</source>
        <translation>User</translation>
    </message>
    <message>
        <source>ПІБ</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Роль</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Сервер</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>&amp;Додати колегу…</source>
        <translation>&amp;Add a colleague…</translation>
    </message>
    <message>
        <source>&amp;Увійти на сервер…</source>
        <translation>&amp;Sign in to the server…</translation>
    </message>
    <message>
        <source>Підключити комп&apos;ютер з&amp;нову…</source>
        <translation>E&amp;nrol this computer again…</translation>
    </message>
    <message>
        <source>Коли сервер, відновлений з резервної копії, не приймає цей комп&apos;ютер</source>
        <translation>When a server restored from a backup refuses this computer</translation>
    </message>
    <message>
        <source>&amp;Змінити мій пароль…</source>
        <translation>&amp;Change my password…</translation>
    </message>
    <message>
        <source>&amp;Видалити…</source>
        <translation>&amp;Remove…</translation>
    </message>
    <message>
        <source>увійшов</source>
        <translation>signed in</translation>
    </message>
    <message>
        <source>ще не входив</source>
        <translation>not signed in yet</translation>
    </message>
    <message>
        <source>чекають змін: %1</source>
        <translation>changes waiting: %1</translation>
    </message>
    <message>
        <source> (ви)</source>
        <translation> (you)</translation>
    </message>
    <message>
        <source>Додано: %1.</source>
        <translation>Added: %1.</translation>
    </message>
    <message>
        <source>Вхід на сервер…</source>
        <translation>Signing in to the server…</translation>
    </message>
    <message>
        <source>Ви ввійшли на сервер; ваші зміни буде надіслано.</source>
        <translation>You are signed in to the server; your changes will be sent.</translation>
    </message>
    <message>
        <source>Комп&apos;ютер знову підключено. Синхронізація повертає на сервер роботу, якої він не має.</source>
        <translation>This computer is enrolled again. Syncing gives the server back the work it does not have.</translation>
    </message>
    <message>
        <source>Підключення до сервера…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>Пароль змінено.</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <source>Видалити користувача «%1» з цього комп&apos;ютера? Його записи в справах лишаються.</source>
        <translation>Remove the user “%1” from this computer? Their entries in cases stay.</translation>
    </message>
    <message>
        <source>Його зміни (%1) ще не надіслано: після видалення їх не надішле ніхто.</source>
        <translation>Their changes (%1) have not been sent yet: once they are removed, nobody will send them.</translation>
    </message>
    <message>
        <source>Користувача видалено.</source>
        <translation>User removed.</translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <source>Екстрене знищення даних</source>
        <translation>Emergency wipe</translation>
    </message>
    <message>
        <source>Знищити всі дані «Поруч» на цьому комп&apos;ютері?</source>
        <translation>Destroy all Poruch data on this computer?</translation>
    </message>
    <message>
        <source>Буде знищено ключі доступу, базу даних справ, резервні копії, відкриті вкладення й налаштування. Відновити їх на цьому комп&apos;ютері буде неможливо; те, що вже є на сервері, залишиться там. Після знищення програма повідомить сервер, якщо він доступний.</source>
        <translation>The access keys, the case database, backups, opened attachments and settings will be destroyed. They cannot be recovered on this computer; what is already on the server stays there. Afterwards the application tells the server, if it can be reached.</translation>
    </message>
    <message>
        <source>Спершу &amp;синхронізувати</source>
        <translation>&amp;Sync first</translation>
    </message>
    <message>
        <source>&amp;Знищити дані…</source>
        <translation>&amp;Destroy data…</translation>
    </message>
    <message>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Зупинити</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Базу даних заблоковано, тому не відомо, скільки змін ще не надіслано на сервер. Усе, що не надійшло на сервер, буде втрачено.</source>
        <translation>The database is locked, so the number of changes not yet sent to the server is unknown. Everything that has not reached the server will be lost.</translation>
    </message>
    <message>
        <source>Рахуємо зміни, які ще не надіслано на сервер…</source>
        <translation>Counting the changes not yet sent to the server…</translation>
    </message>
    <message>
        <source>Усе синхронізовано: сервер має всі зміни, зроблені на цьому комп&apos;ютері.</source>
        <translation>Everything is synced: the server has every change made on this computer.</translation>
    </message>
    <message>
        <source>Ще не надіслано на сервер змін: %1. Їх буде втрачено.</source>
        <translation>Changes not yet sent to the server: %1. They will be lost.</translation>
    </message>
    <message>
        <source>Файлів вкладень, яких сервер ще не підтвердив: %1; їх теж буде втрачено.</source>
        <translation>Attachment files the server has not confirmed yet: %1; they will be lost too.</translation>
    </message>
    <message>
        <source>Синхронізація…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Дані буде знищено через %1 с. Натисніть будь-яку клавішу, щоб скасувати.</source>
        <translation>The data will be destroyed in %1 s. Press any key to cancel.</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>Пароль закороткий: потрібно щонайменше %1 символів.</source>
        <translation>The password is too short: at least %1 characters are needed.</translation>
    </message>
    <message>
        <source>Паролі не збігаються.</source>
        <translation>The passwords do not match.</translation>
    </message>
</context>
<context>
    <name>import_columns</name>
    <message>
        <source>id справи</source>
        <translation>case id</translation>
    </message>
    <message>
        <source>ПІБ</source>
        <translation>full name</translation>
    </message>
    <message>
        <source>ПІБ члена домогосподарства</source>
        <translation>household member&apos;s full name</translation>
    </message>
    <message>
        <source>РНОКПП</source>
        <translation>RNOKPP</translation>
    </message>
    <message>
        <source>УНЗР</source>
        <translation>UNZR</translation>
    </message>
    <message>
        <source>адреса походження</source>
        <translation>origin address</translation>
    </message>
    <message>
        <source>адреса проживання</source>
        <translation>current address</translation>
    </message>
    <message>
        <source>вразливості</source>
        <translation>vulnerabilities</translation>
    </message>
    <message>
        <source>відмова від РНОКПП</source>
        <translation>RNOKPP refused</translation>
    </message>
    <message>
        <source>відповідальний</source>
        <translation>assigned to</translation>
    </message>
    <message>
        <source>дата довідки ВПО</source>
        <translation>IDP certificate date</translation>
    </message>
    <message>
        <source>дата народження</source>
        <translation>birth date</translation>
    </message>
    <message>
        <source>дата переміщення</source>
        <translation>displacement date</translation>
    </message>
    <message>
        <source>електронна пошта</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>етап</source>
        <translation>stage</translation>
    </message>
    <message>
        <source>етап переміщення</source>
        <translation>displacement stage</translation>
    </message>
    <message>
        <source>категорія</source>
        <translation>category</translation>
    </message>
    <message>
        <source>ключ рядка</source>
        <translation>row key</translation>
    </message>
    <message>
        <source>код КАТОТТГ походження</source>
        <translation>origin KATOTTG code</translation>
    </message>
    <message>
        <source>код КАТОТТГ проживання</source>
        <translation>current KATOTTG code</translation>
    </message>
    <message>
        <source>місце походження</source>
        <translation>place of origin</translation>
    </message>
    <message>
        <source>місце проживання</source>
        <translation>current place</translation>
    </message>
    <message>
        <source>номер довідки ВПО</source>
        <translation>IDP certificate number</translation>
    </message>
    <message>
        <source>по батькові</source>
        <translation>patronymic</translation>
    </message>
    <message>
        <source>прізвище</source>
        <translation>surname</translation>
    </message>
    <message>
        <source>родинний зв&apos;язок</source>
        <translation>relationship</translation>
    </message>
    <message>
        <source>склад домогосподарства</source>
        <translation>household (in one cell)</translation>
    </message>
    <message>
        <source>статус довідки ВПО</source>
        <translation>IDP certificate status</translation>
    </message>
    <message>
        <source>статус справи</source>
        <translation>case status</translation>
    </message>
    <message>
        <source>стать</source>
        <translation>sex</translation>
    </message>
    <message>
        <source>телефон</source>
        <translation>phone</translation>
    </message>
    <message>
        <source>ім&apos;я</source>
        <translation>given name</translation>
    </message>
    <message>
        <source>член домогосподарства %1: %2</source>
        <translation>household member %1: %2</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Внутрішньо переміщена особа</source>
        <translation>Internally displaced person</translation>
    </message>
    <message>
        <source>Повернулася з-за кордону</source>
        <translation>Returnee from abroad</translation>
    </message>
    <message>
        <source>Повернулася на деокуповану територію</source>
        <translation>Returnee to a de-occupied territory</translation>
    </message>
    <message>
        <source>Місцевий мешканець у складних життєвих обставинах</source>
        <translation>Local resident in difficult life circumstances</translation>
    </message>
    <message>
        <source>Виявлення</source>
        <translation>Identification</translation>
    </message>
    <message>
        <source>Оцінювання потреб</source>
        <translation>Needs assessment</translation>
    </message>
    <message>
        <source>Планування</source>
        <translation>Planning</translation>
    </message>
    <message>
        <source>Надання послуг</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Моніторинг</source>
        <translation>Monitoring</translation>
    </message>
    <message>
        <source>Закриття</source>
        <translation>Closure</translation>
    </message>
    <message>
        <source>Евакуація</source>
        <translation>Evacuation</translation>
    </message>
    <message>
        <source>Адаптація</source>
        <translation>Adaptation</translation>
    </message>
    <message>
        <source>Інтеграція</source>
        <translation>Integration</translation>
    </message>
    <message>
        <source>Повернення</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Інше довготривале рішення</source>
        <translation>Other durable solution</translation>
    </message>
    <message>
        <source>Відкрита</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Активна</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Призупинена</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Закрита</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Цілей досягнуто</source>
        <translation>Goals achieved</translation>
    </message>
    <message>
        <source>Знайдено довготривале рішення</source>
        <translation>Durable solution found</translation>
    </message>
    <message>
        <source>Переїхала</source>
        <translation>Moved away</translation>
    </message>
    <message>
        <source>Передано іншому офісу</source>
        <translation>Transferred to another office</translation>
    </message>
    <message>
        <source>Відмова від підтримки</source>
        <translation>Refused support</translation>
    </message>
    <message>
        <source>Немає зв&apos;язку</source>
        <translation>No contact</translation>
    </message>
    <message>
        <source>Смерть</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>Інша причина</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <source>Чоловіча</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Жіноча</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Інвалідність I групи</source>
        <translation>Disability, group I</translation>
    </message>
    <message>
        <source>Інвалідність II групи</source>
        <translation>Disability, group II</translation>
    </message>
    <message>
        <source>Інвалідність III групи</source>
        <translation>Disability, group III</translation>
    </message>
    <message>
        <source>Дитина з інвалідністю</source>
        <translation>Child with a disability</translation>
    </message>
    <message>
        <source>Дитина</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Дитина-сирота або позбавлена батьківського піклування</source>
        <translation>Orphan or child deprived of parental care</translation>
    </message>
    <message>
        <source>Особа похилого віку, пенсіонер</source>
        <translation>Older person, pensioner</translation>
    </message>
    <message>
        <source>Багатодітна сім&apos;я</source>
        <translation>Large family</translation>
    </message>
    <message>
        <source>Одинокий батько або мати</source>
        <translation>Single parent</translation>
    </message>
    <message>
        <source>Вагітність</source>
        <translation>Pregnancy</translation>
    </message>
    <message>
        <source>Хронічне захворювання</source>
        <translation>Chronic illness</translation>
    </message>
    <message>
        <source>Ветеран або сім&apos;я загиблого чи зниклого захисника</source>
        <translation>Veteran, or family of a killed or missing defender</translation>
    </message>
    <message>
        <source>Постраждала від насильства</source>
        <translation>Survivor of violence</translation>
    </message>
    <message>
        <source>Малозабезпеченість</source>
        <translation>Low income</translation>
    </message>
    <message>
        <source>ID-картка</source>
        <translation>ID card</translation>
    </message>
    <message>
        <source>Паспорт-книжечка</source>
        <translation>Passport booklet</translation>
    </message>
    <message>
        <source>Свідоцтво про народження</source>
        <translation>Birth certificate</translation>
    </message>
    <message>
        <source>Закордонний паспорт</source>
        <translation>International passport</translation>
    </message>
    <message>
        <source>Посвідка на проживання</source>
        <translation>Residence permit</translation>
    </message>
    <message>
        <source>Інший документ</source>
        <translation>Other document</translation>
    </message>
    <message>
        <source>Телефон</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Viber</source>
        <translation>Viber</translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Електронна пошта</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Особистий візит</source>
        <translation>Personal visit</translation>
    </message>
    <message>
        <source>Чоловік або дружина</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>Син або дочка</source>
        <translation>Son or daughter</translation>
    </message>
    <message>
        <source>Батько або мати</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>Брат або сестра</source>
        <translation>Brother or sister</translation>
    </message>
    <message>
        <source>Дідусь або бабуся</source>
        <translation>Grandparent</translation>
    </message>
    <message>
        <source>Онук або онука</source>
        <translation>Grandchild</translation>
    </message>
    <message>
        <source>Опікун</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <source>Інший родич</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <source>Чинна</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Скасована</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Знято з обліку</source>
        <translation>Deregistered</translation>
    </message>
    <message>
        <source>Немає потреби</source>
        <translation>No need</translation>
    </message>
    <message>
        <source>Низька</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>Середня</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Висока</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Критична</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Не визначено</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>Низький</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>Середній</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Високий</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Критичний</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Житло</source>
        <translation>Housing</translation>
    </message>
    <message>
        <source>Дохід і працевлаштування</source>
        <translation>Income and employment</translation>
    </message>
    <message>
        <source>Здоров&apos;я та реабілітація</source>
        <translation>Health and rehabilitation</translation>
    </message>
    <message>
        <source>Психосоціальна підтримка</source>
        <translation>Psychosocial support</translation>
    </message>
    <message>
        <source>Документи та правова допомога</source>
        <translation>Documents and legal aid</translation>
    </message>
    <message>
        <source>Освіта та догляд за дітьми</source>
        <translation>Education and childcare</translation>
    </message>
    <message>
        <source>Гуманітарні та базові потреби</source>
        <translation>Humanitarian and basic needs</translation>
    </message>
    <message>
        <source>Соціальні виплати</source>
        <translation>Social benefits</translation>
    </message>
    <message>
        <source>У роботі</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Досягнуто</source>
        <translation>Achieved</translation>
    </message>
    <message>
        <source>Скасовано</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <source>Заплановано</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Направлено</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Надається</source>
        <translation>Being delivered</translation>
    </message>
    <message>
        <source>Надано</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Відмовлено</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>Прийнято надавачем</source>
        <translation>Accepted by the provider</translation>
    </message>
    <message>
        <source>Послугу надано</source>
        <translation>Service delivered</translation>
    </message>
    <message>
        <source>Надавач відмовив</source>
        <translation>Provider declined</translation>
    </message>
    <message>
        <source>Наш офіс</source>
        <translation>Our office</translation>
    </message>
    <message>
        <source>Державна служба</source>
        <translation>State service</translation>
    </message>
    <message>
        <source>Громадська організація</source>
        <translation>NGO</translation>
    </message>
    <message>
        <source>Міжнародний партнер</source>
        <translation>International partner</translation>
    </message>
    <message>
        <source>Бізнес</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>Громада</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>Місце компактного проживання</source>
        <translation>Collective centre</translation>
    </message>
    <message>
        <source>У родичів чи знайомих</source>
        <translation>Hosted by relatives or friends</translation>
    </message>
    <message>
        <source>Оренда</source>
        <translation>Rented</translation>
    </message>
    <message>
        <source>Власне житло</source>
        <translation>Own home</translation>
    </message>
    <message>
        <source>Гуртожиток, соціальне житло</source>
        <translation>Dormitory or social housing</translation>
    </message>
    <message>
        <source>Інше</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Працює</source>
        <translation>Employed</translation>
    </message>
    <message>
        <source>Самозайнятість</source>
        <translation>Self-employed</translation>
    </message>
    <message>
        <source>Безробітний (центр зайнятості)</source>
        <translation>Registered unemployed</translation>
    </message>
    <message>
        <source>Не працює</source>
        <translation>Not working</translation>
    </message>
    <message>
        <source>Пенсіонер</source>
        <translation>Pensioner</translation>
    </message>
    <message>
        <source>Навчається</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>Заробітна плата</source>
        <translation>Wages</translation>
    </message>
    <message>
        <source>Власна справа</source>
        <translation>Self-employment</translation>
    </message>
    <message>
        <source>Пенсія</source>
        <translation>Pension</translation>
    </message>
    <message>
        <source>Допомога ВПО на проживання</source>
        <translation>IDP living allowance</translation>
    </message>
    <message>
        <source>Гуманітарна допомога</source>
        <translation>Humanitarian aid</translation>
    </message>
    <message>
        <source>Підтримка родини</source>
        <translation>Family support</translation>
    </message>
    <message>
        <source>Без доходу</source>
        <translation>No income</translation>
    </message>
    <message>
        <source>не стосується</source>
        <translation>not applicable</translation>
    </message>
    <message>
        <source>Назавжди</source>
        <translation>Permanently</translation>
    </message>
    <message>
        <source>Тимчасово</source>
        <translation>Temporarily</translation>
    </message>
    <message>
        <source>Ще не вирішено</source>
        <translation>Not decided yet</translation>
    </message>
    <message>
        <source>Контакт</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Візит</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Дзвінок</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Повідомлення</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Нотатка</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Надання послуги</source>
        <translation>Service delivery</translation>
    </message>
    <message>
        <source>Створено</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Змінено</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>Видалено</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Переглянуто</source>
        <translation>Viewed</translation>
    </message>
    <message>
        <source>Експортовано</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>Конфлікт розв&apos;язано</source>
        <translation>Conflict resolved</translation>
    </message>
    <message>
        <source>Передача до іншого офісу</source>
        <translation>Transfer to another office</translation>
    </message>
    <message>
        <source>Відхилену зміну внесено знову</source>
        <translation>Refused change applied again</translation>
    </message>
    <message>
        <source>Відхилену зміну відкинуто</source>
        <translation>Refused change discarded</translation>
    </message>
    <message>
        <source>Рішення щодо можливого дубліката в іншому офісі</source>
        <translation>Decision on a possible duplicate in another office</translation>
    </message>
    <message>
        <source>Об&apos;єднано з іншою справою цієї особи</source>
        <translation>Merged with the person&apos;s other case</translation>
    </message>
    <message>
        <source>Об&apos;єднання скасовано</source>
        <translation>Merge undone</translation>
    </message>
    <message>
        <source>Чекає відповіді</source>
        <translation>Waiting for an answer</translation>
    </message>
    <message>
        <source>Прийнято</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Відхилено</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>Відкликано</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>Термін минув</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Чекає на рішення</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <source>Розв&apos;язано</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Залишено чинне значення</source>
        <translation>Current value kept</translation>
    </message>
    <message>
        <source>Відновлено інше значення</source>
        <translation>Other value restored</translation>
    </message>
    <message>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Переміщення</source>
        <translation>Displacement</translation>
    </message>
    <message>
        <source>Член домогосподарства</source>
        <translation>Household member</translation>
    </message>
    <message>
        <source>Мета</source>
        <translation>Goal</translation>
    </message>
    <message>
        <source>Послуга</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Запис журналу</source>
        <translation>Journal entry</translation>
    </message>
    <message>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Вкладення</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>Історія</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Конфлікт</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Показники інтеграції</source>
        <translation>Integration indicators</translation>
    </message>
    <message>
        <source>Зміна етапу</source>
        <translation>Stage change</translation>
    </message>
    <message>
        <source>Передача справи</source>
        <translation>Case transfer</translation>
    </message>
    <message>
        <source>Місцевий надавач</source>
        <translation>Local provider</translation>
    </message>
    <message>
        <source>Перетин допомоги</source>
        <translation>Aid overlap</translation>
    </message>
    <message>
        <source>Об&apos;єднання справ</source>
        <translation>Case merge</translation>
    </message>
    <message>
        <source>ім&apos;я</source>
        <translation>name</translation>
    </message>
    <message>
        <source>ім&apos;я латиницею</source>
        <translation>name in Latin letters</translation>
    </message>
    <message>
        <source>РНОКПП</source>
        <translation>RNOKPP</translation>
    </message>
    <message>
        <source>телефон</source>
        <translation>phone</translation>
    </message>
    <message>
        <source>номер довідки ВПО</source>
        <translation>IDP certificate number</translation>
    </message>
    <message>
        <source>УНЗР</source>
        <translation>UNZR</translation>
    </message>
    <message>
        <source>номер документа</source>
        <translation>document number</translation>
    </message>
    <message>
        <source>ВПО</source>
        <translation>IDP</translation>
    </message>
    <message>
        <source>З-за кордону</source>
        <translation>From abroad</translation>
    </message>
    <message>
        <source>Деокупована тер.</source>
        <translation>De-occupied area</translation>
    </message>
    <message>
        <source>Місцевий, СЖО</source>
        <translation>Local, in difficulty</translation>
    </message>
    <message>
        <source>Офіс</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Етап</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Етап переміщення</source>
        <translation>Displacement stage</translation>
    </message>
    <message>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Причина закриття</source>
        <translation>Closure reason</translation>
    </message>
    <message>
        <source>Коментар до закриття</source>
        <translation>Closure comment</translation>
    </message>
    <message>
        <source>Відповідальний фахівець</source>
        <translation>Assigned caseworker</translation>
    </message>
    <message>
        <source>Дата відкриття</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <source>Дата закриття</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <source>План затвердив</source>
        <translation>Plan approved by</translation>
    </message>
    <message>
        <source>Дата затвердження плану</source>
        <translation>Plan approved on</translation>
    </message>
    <message>
        <source>Прізвище</source>
        <translation>Surname</translation>
    </message>
    <message>
        <source>Ім&apos;я</source>
        <translation>Given name</translation>
    </message>
    <message>
        <source>По батькові</source>
        <translation>Patronymic</translation>
    </message>
    <message>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Стать</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Відмова від РНОКПП</source>
        <translation>RNOKPP refused</translation>
    </message>
    <message>
        <source>Документ, що посвідчує особу</source>
        <translation>Identity document</translation>
    </message>
    <message>
        <source>Номер документа</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>Телефони</source>
        <translation>Phones</translation>
    </message>
    <message>
        <source>Зручний спосіб зв&apos;язку</source>
        <translation>Preferred contact</translation>
    </message>
    <message>
        <source>Мови</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>Вразливості</source>
        <translation>Vulnerabilities</translation>
    </message>
    <message>
        <source>Примітки</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Номер довідки ВПО</source>
        <translation>IDP certificate number</translation>
    </message>
    <message>
        <source>Дата довідки ВПО</source>
        <translation>IDP certificate date</translation>
    </message>
    <message>
        <source>Стан довідки ВПО</source>
        <translation>IDP certificate status</translation>
    </message>
    <message>
        <source>Дата переміщення</source>
        <translation>Displacement date</translation>
    </message>
    <message>
        <source>Звідки (громада, населений пункт)</source>
        <translation>From (hromada, settlement)</translation>
    </message>
    <message>
        <source>Адреса, звідки переміщена</source>
        <translation>Address displaced from</translation>
    </message>
    <message>
        <source>Де проживає зараз</source>
        <translation>Lives now in</translation>
    </message>
    <message>
        <source>Поточна адреса</source>
        <translation>Current address</translation>
    </message>
    <message>
        <source>Родинний зв&apos;язок</source>
        <translation>Relationship</translation>
    </message>
    <message>
        <source>Дата оцінювання</source>
        <translation>Assessment date</translation>
    </message>
    <message>
        <source>Оцінювання провів</source>
        <translation>Assessed by</translation>
    </message>
    <message>
        <source>Висновок</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>Назва</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Сфера потреб</source>
        <translation>Need domain</translation>
    </message>
    <message>
        <source>Цільова дата</source>
        <translation>Target date</translation>
    </message>
    <message>
        <source>Код послуги</source>
        <translation>Service code</translation>
    </message>
    <message>
        <source>Код надавача</source>
        <translation>Provider code</translation>
    </message>
    <message>
        <source>Надавач</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Тип надавача</source>
        <translation>Provider type</translation>
    </message>
    <message>
        <source>Дата направлення</source>
        <translation>Referral date</translation>
    </message>
    <message>
        <source>Відповідь надавача</source>
        <translation>Provider&apos;s answer</translation>
    </message>
    <message>
        <source>Дата відповіді</source>
        <translation>Date of the answer</translation>
    </message>
    <message>
        <source>Відгук надавача / причина відмови</source>
        <translation>Provider&apos;s feedback / reason declined</translation>
    </message>
    <message>
        <source>Дата надання</source>
        <translation>Delivery date</translation>
    </message>
    <message>
        <source>Вид</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Коли</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Текст</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Автор</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>Строк</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Виконавець</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>Виконано</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Дата виконання</source>
        <translation>Date done</translation>
    </message>
    <message>
        <source>Файл</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>Тип файлу</source>
        <translation>File type</translation>
    </message>
    <message>
        <source>Розмір</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Контрольна сума</source>
        <translation>Checksum</translation>
    </message>
    <message>
        <source>Опис</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>так</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>ні</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Звідки повернулася (країна чи територія)</source>
        <translation>Returned from (country or territory)</translation>
    </message>
    <message>
        <source>Дата повернення</source>
        <translation>Date of return</translation>
    </message>
    <message>
        <source>Повернення назавжди?</source>
        <translation>Return for good?</translation>
    </message>
    <message>
        <source>Куди повернулася (населений пункт)</source>
        <translation>Returned to (settlement)</translation>
    </message>
    <message>
        <source>Дата спостереження</source>
        <translation>Date observed</translation>
    </message>
    <message>
        <source>Записав</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>Зайнятість</source>
        <translation>Employment</translation>
    </message>
    <message>
        <source>Основне джерело доходу</source>
        <translation>Main income source</translation>
    </message>
    <message>
        <source>Діти у школі чи садочку</source>
        <translation>Children in school or kindergarten</translation>
    </message>
    <message>
        <source>Декларація із сімейним лікарем</source>
        <translation>Declaration with a family doctor</translation>
    </message>
    <message>
        <source>Допомога ВПО на проживання виплачується</source>
        <translation>IDP living allowance in payment</translation>
    </message>
    <message>
        <source>Документи, що посвідчують особу, відновлено</source>
        <translation>Identity documents restored</translation>
    </message>
    <message>
        <source>Документи на майно відновлено</source>
        <translation>Property documents restored</translation>
    </message>
    <message>
        <source>Що змінилося</source>
        <translation>What changed</translation>
    </message>
    <message>
        <source>Було</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>Стало</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Дата зміни</source>
        <translation>Date of change</translation>
    </message>
    <message>
        <source>Змінив</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>Примітка: %1</source>
        <translation>Note: %1</translation>
    </message>
</context>
<context>
    <name>rejected</name>
    <message>
        <source>Справу вже передано до іншого офісу (%1); цю зміну туди не внесено. Передайте її новому офісу або відкиньте.</source>
        <translation>The case has moved to another office (%1); this change was not made there. Pass it on to the new office or discard it.</translation>
    </message>
    <message>
        <source>Справа поза межами вашого офісу.</source>
        <translation>The case is outside your office.</translation>
    </message>
    <message>
        <source>Ця справа вже чекала на відповідь щодо іншої передачі. Коли на неї відповідять, зміну можна внести знову.</source>
        <translation>Another transfer of this case was waiting for an answer. Once it is answered, the change can be applied again.</translation>
    </message>
    <message>
        <source>На цю передачу вже відповіли раніше (%1).</source>
        <translation>This transfer had already been answered (%1).</translation>
    </message>
    <message>
        <source>Справу не можна передати до того самого офісу.</source>
        <translation>A case cannot be transferred to its own office.</translation>
    </message>
    <message>
        <source>Цей крок передачі робить інший офіс.</source>
        <translation>This step of a transfer is the other office&apos;s.</translation>
    </message>
    <message>
        <source>Передавати справи може лише керівник або район.</source>
        <translation>Only a supervisor or a district user may transfer cases.</translation>
    </message>
    <message>
        <source>Такого офісу немає (або його закрито).</source>
        <translation>No such office (or it was closed).</translation>
    </message>
    <message>
        <source>Зміну зроблено від імені іншого користувача.</source>
        <translation>The change was made in another user&apos;s name.</translation>
    </message>
    <message>
        <source>Затверджувати план може лише керівник.</source>
        <translation>Only a supervisor may approve a plan.</translation>
    </message>
    <message>
        <source>Перепризначати справи може лише керівник.</source>
        <translation>Only a supervisor may reassign a case.</translation>
    </message>
    <message>
        <source>У цьому офісі справу закриває керівник.</source>
        <translation>In this office a supervisor closes cases.</translation>
    </message>
    <message>
        <source>Розв&apos;язувати конфлікти може лише керівник.</source>
        <translation>Only a supervisor may resolve conflicts.</translation>
    </message>
    <message>
        <source>Об&apos;єднувати справи може лише керівник або район.</source>
        <translation>Only a supervisor or the district can merge cases.</translation>
    </message>
    <message>
        <source>Дані не пройшли перевірку на сервері (%1).</source>
        <translation>The data did not pass the server&apos;s checks (%1).</translation>
    </message>
    <message>
        <source>Сервер не знає цієї справи.</source>
        <translation>The server does not know this case.</translation>
    </message>
    <message>
        <source>Такі записи не змінюють після створення.</source>
        <translation>Such records are not changed once made.</translation>
    </message>
    <message>
        <source>Такі записи не видаляють.</source>
        <translation>Such records are not deleted.</translation>
    </message>
    <message>
        <source>Сервер відхилив цю зміну (%1).</source>
        <translation>The server refused this change (%1).</translation>
    </message>
</context>
<context>
    <name>statusbar</name>
    <message>
        <source>ще не було</source>
        <translation>never</translation>
    </message>
    <message>
        <source>сьогодні о %1</source>
        <translation>today at %1</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>Записи синхронізовано, але не всі файли вкладень вдалося передати. Спробуємо ще раз під час наступної синхронізації.</source>
        <translation>The records are synced, but some attachment files could not be transferred. They will be retried at the next sync.</translation>
    </message>
    <message>
        <source>Немає зв&apos;язку з сервером. Зміни збережено на цьому комп&apos;ютері й буде надіслано, щойно з&apos;явиться зв&apos;язок.</source>
        <translation>No connection to the server. Changes are saved on this computer and will be sent as soon as there is a connection.</translation>
    </message>
    <message>
        <source>Сервер не відповів вчасно. Зміни збережено; спробуємо ще раз пізніше.</source>
        <translation>The server did not answer in time. Changes are saved; we will try again later.</translation>
    </message>
    <message>
        <source>Сервер зараз перевантажений. Спробуємо ще раз за кілька хвилин.</source>
        <translation>The server is busy. We will try again in a few minutes.</translation>
    </message>
    <message>
        <source>Помилка на сервері. Зміни збережено; якщо повторюється, повідомте адміністратора.</source>
        <translation>Server error. Changes are saved; if it keeps happening, tell the administrator.</translation>
    </message>
    <message>
        <source>Сервер не прийняв облікові дані цього пристрою або користувача. Зверніться до адміністратора; якщо сервер відновили з резервної копії: Налаштування → Користувачі → «Підключити комп&apos;ютер знову».</source>
        <translation>The server did not accept this device&apos;s or user&apos;s credentials. Ask the administrator; if the server was restored from a backup: Settings → Users → «Enrol this computer again».</translation>
    </message>
    <message>
        <source>Немає прав на синхронізацію. Зверніться до адміністратора.</source>
        <translation>You are not allowed to sync. Contact the administrator.</translation>
    </message>
    <message>
        <source>Цей пристрій відкликано адміністратором.</source>
        <translation>The administrator revoked this device.</translation>
    </message>
    <message>
        <source>Ця версія програми застаріла для сервера. Оновіть «Поруч»; ваші зміни збережено.</source>
        <translation>This version of the application is too old for the server. Update Poruch; your changes are kept.</translation>
    </message>
    <message>
        <source>Адреса сервера має починатися з https://.</source>
        <translation>The server address must start with https://.</translation>
    </message>
    <message>
        <source>Сервер відхилив деякі зміни; їх відкладено для перегляду.</source>
        <translation>The server rejected some changes; they are kept aside for review.</translation>
    </message>
    <message>
        <source>Цей комп&apos;ютер не підключено до сервера.</source>
        <translation>This computer is not connected to a server.</translation>
    </message>
    <message>
        <source>Ви ще не ввійшли на сервер із цього комп&apos;ютера: ваші зміни чекають. Налаштування → Користувачі → «Увійти на сервер».</source>
        <translation>You have not signed in to the server from this computer yet: your changes wait. Settings → Users → “Sign in to the server”.</translation>
    </message>
    <message>
        <source>Дані на комп&apos;ютері й на сервері не збігаються. Повідомте адміністратора.</source>
        <translation>The data on this computer and on the server differ. Tell the administrator.</translation>
    </message>
    <message>
        <source>На сервері старіші дані, ніж на цьому комп&apos;ютері: імовірно, його відновили з резервної копії. Синхронізацію зупинено, усі дані тут збережено. Повідомте адміністратора сервера: після команди «poruch-server restored» синхронізація відновиться й поверне на сервер роботу з цього комп&apos;ютера.</source>
        <translation>The server holds older data than this computer: it was probably restored from a backup. Syncing has stopped; everything here is kept. Tell the server&apos;s administrator: once they run «poruch-server restored», syncing resumes and gives the server back the work from this computer.</translation>
    </message>
    <message>
        <source>Записи синхронізовано, але журнал аудиту цього разу не надіслано. Він залишається тут і піде з наступною синхронізацією.</source>
        <translation>Records are synced, but the audit log was not sent this time. It stays here and goes with the next sync.</translation>
    </message>
    <message>
        <source>Синхронізація не вдалася. Зміни збережено; спробуємо ще раз пізніше.</source>
        <translation>Sync failed. Changes are saved; we will try again later.</translation>
    </message>
</context>
<context>
    <name>users</name>
    <message>
        <source>фахівець</source>
        <translation>caseworker</translation>
    </message>
    <message>
        <source>керівник</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>район</source>
        <translation>district</translation>
    </message>
    <message>
        <source>адміністратор</source>
        <translation>administrator</translation>
    </message>
</context>
</TS>
