<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="uk_UA">
<context>
    <name>AttachmentsTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="31"/>
        <source>Файл</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="31"/>
        <source>Опис</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="31"/>
        <source>Розмір</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="31"/>
        <source>Тип</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="35"/>
        <source>Опис, напр. «Паспорт, с. 1–2» (необов&apos;язково)</source>
        <translation>Description, e.g. “Passport, pp. 1–2” (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="36"/>
        <source>Додати ф&amp;айл…</source>
        <translation>Add &amp;file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="38"/>
        <source>Відкр&amp;ити</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="73"/>
        <source>Додати скан або фото документа</source>
        <translation>Add a scan or photo of a document</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="74"/>
        <source>Скани і фото (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.heic);;Усі файли (*)</source>
        <translation>Scans and photos (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.heic);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="85"/>
        <source>Файл додано і збережено зашифрованим.</source>
        <translation>The file was added and stored encrypted.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="89"/>
        <source>Файл завеликий (більше %1 МБ). Зменшіть скан і спробуйте ще раз.</source>
        <translation>The file is too large (over %1 MB). Make the scan smaller and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="92"/>
        <source>Не вдалося прочитати файл.</source>
        <translation>The file could not be read.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="110"/>
        <source>Немає програми, щоб відкрити цей файл.</source>
        <translation>There is no application to open this file.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="120"/>
        <source>Не вдалося відкрити файл.</source>
        <translation>The file could not be opened.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="65"/>
        <source>Файл ще не завантажено з сервера</source>
        <translation>File not yet downloaded from the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/attachments_tab.py" line="113"/>
        <source>Файл ще не завантажено з сервера: його додали на іншому комп&apos;ютері. Він з&apos;явиться після наступної синхронізації, щойно той комп&apos;ютер його надішле.</source>
        <translation>The file has not been downloaded from the server yet: it was added on another computer. It will appear after the next sync, once that computer has sent it.</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="68"/>
        <source>Прізвище, ім&apos;я, по батькові</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="68"/>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="68"/>
        <source>Дата народж.</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="69"/>
        <source>Етап</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="69"/>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="69"/>
        <source>Пріоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="69"/>
        <source>Фахівець</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="70"/>
        <source>Строк завдання</source>
        <translation>Task due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="239"/>
        <source>Походить з території бойових дій або окупації</source>
        <translation>Comes from an area of hostilities or occupation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="242"/>
        <source>Знайдено за: %1</source>
        <translation>Matched by: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="245"/>
        <source>Є прострочене завдання</source>
        <translation>Has an overdue task</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <location filename="../../desktop/ui/case_list_page.py" line="44"/>
        <source>Пошук: прізвище чи ім&apos;я (кирилицею або латиницею), РНОКПП, телефон, номер довідки ВПО  (Ctrl+F)</source>
        <translation>Search: surname or name (Cyrillic or Latin), RNOKPP, phone, IDP certificate number  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list_page.py" line="46"/>
        <source>Пошук справ</source>
        <translation>Search cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list_page.py" line="67"/>
        <source>Список справ</source>
        <translation>Case list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list_page.py" line="79"/>
        <source>Не вдалося завантажити список</source>
        <translation>The list could not be loaded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list_page.py" line="144"/>
        <source>Знайдено: %1</source>
        <translation>Found: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list_page.py" line="146"/>
        <source>Справ: %1</source>
        <translation>Cases: %1</translation>
    </message>
</context>
<context>
    <name>CaseTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/common.py" line="94"/>
        <source>Не вдалося зберегти. Спробуйте ще раз; якщо помилка повториться, зверніться до адміністратора.</source>
        <translation>Could not save. Try again; if it happens again, contact the administrator.</translation>
    </message>
</context>
<context>
    <name>CaseWindow</name>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="55"/>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="60"/>
        <source>Завантаження…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="84"/>
        <source>Переглянути</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="100"/>
        <source>Особа і домогосподарство</source>
        <translation>Person and household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="101"/>
        <source>Переміщення і документи</source>
        <translation>Displacement and documents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="102"/>
        <source>Оцінювання потреб</source>
        <translation>Needs assessment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="103"/>
        <source>План підтримки</source>
        <translation>Support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="104"/>
        <source>Журнал</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="105"/>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="106"/>
        <source>Вкладення</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="107"/>
        <source>Історія</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="155"/>
        <source>Справу не знайдено</source>
        <translation>Case not found</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="156"/>
        <source>Її могли передати іншому офісу.</source>
        <translation>It may have been transferred to another office.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="166"/>
        <source>Не вдалося прочитати справу.</source>
        <translation>The case could not be read.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="171"/>
        <source>(без імені)</source>
        <translation>(no name)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/case_view/case_window.py" line="179"/>
        <source> (%n р.)</source>
        <translation>
            <numerusform> (%n year)</numerusform>
            <numerusform> (%n years)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="182"/>
        <source>Народж.</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="183"/>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="184"/>
        <source>Етап</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="185"/>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="188"/>
        <source>Пріоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="190"/>
        <source>Звідки</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="191"/>
        <source>Відповідальний</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="192"/>
        <source>Офіс</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="209"/>
        <source>(на переліку з %1)</source>
        <translation>(on the list since %1)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/case_view/case_window.py" line="222"/>
        <source>Неузгоджені зміни з іншого комп&apos;ютера: %n. Збережено одне значення; перевірте його.</source>
        <translation>
            <numerusform>A conflicting change from another computer: %n. One value was kept; please check it.</numerusform>
            <numerusform>Conflicting changes from another computer: %n. One value was kept for each; please check them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="244"/>
        <source>Незбережені зміни</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/case_window.py" line="245"/>
        <source>У справі є незбережені зміни. Закрити без збереження?</source>
        <translation>The case has unsaved changes. Close without saving?</translation>
    </message>
</context>
<context>
    <name>ChoicePage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="127"/>
        <source>Ласкаво просимо до «Поруч»</source>
        <translation>Welcome to Poruch</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="128"/>
        <source>На цьому комп&apos;ютері ще немає бази даних. Як працюватиме ваш офіс?</source>
        <translation>There is no database on this computer yet. How will your office work?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="129"/>
        <source>&amp;Підключитися до сервера громади або району</source>
        <translation>&amp;Connect to the hromada or district server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="131"/>
        <source>Потрібні адреса сервера та обліковий запис, які надав адміністратор. Дані офісу завантажаться на цей комп&apos;ютер і синхронізуватимуться.</source>
        <translation>You need the server address and the account your administrator gave you. The office&apos;s data will be downloaded to this computer and kept in sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="133"/>
        <source>&amp;Створити автономний офіс (без сервера)</source>
        <translation>Create a &amp;standalone office (no server)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="134"/>
        <source>Усі дані зберігаються лише на цьому комп&apos;ютері. Підключити сервер можна буде пізніше.</source>
        <translation>All data is kept on this computer only. A server can be connected later.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="71"/>
        <source>Неузгоджена зміна</source>
        <translation>Conflicting change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="72"/>
        <source>Завантаження…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="76"/>
        <source>Поточне значення (збережене)</source>
        <translation>Current value (kept)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="77"/>
        <source>Інше значення (з іншого комп&apos;ютера)</source>
        <translation>Other value (from another computer)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="94"/>
        <source>&amp;Залишити поточне</source>
        <translation>&amp;Keep current</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="95"/>
        <source>За&amp;мінити на інше</source>
        <translation>&amp;Swap in the other</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="97"/>
        <source>Закрити</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="133"/>
        <source>невідомо</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="143"/>
        <source>Цей конфлікт уже недоступний.</source>
        <translation>This conflict is no longer available.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="148"/>
        <source>Поле &lt;b&gt;%1&lt;/b&gt; (%2) справи &lt;b&gt;%3&lt;/b&gt; змінили на двох комп&apos;ютерах одночасно. Збережено одне значення; перевірте, яке правильне.</source>
        <translation>The field &lt;b&gt;%1&lt;/b&gt; (%2) of the case of &lt;b&gt;%3&lt;/b&gt; was changed on two computers at once. One value was kept; check which is right.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="152"/>
        <source>без імені</source>
        <translation>no name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="155"/>
        <source>Змінив(ла): %1, %2</source>
        <translation>Changed by %1, %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict_dialog.py" line="163"/>
        <source>Після цього поле змінили ще раз; зараз у справі: %1</source>
        <translation>The field was changed again since; the case now holds: %1</translation>
    </message>
</context>
<context>
    <name>ConflictsListDialog</name>
    <message>
        <location filename="../../desktop/ui/widgets/conflicts_list.py" line="20"/>
        <source>Конфлікти для перегляду</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/conflicts_list.py" line="22"/>
        <source>Ці поля змінили на двох комп&apos;ютерах одночасно. Збережено одне значення; перегляньте, чи воно правильне, або відновіть інше.</source>
        <translation>These fields were changed on two computers at once. One value was kept; check that it is right, or restore the other.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/conflicts_list.py" line="26"/>
        <source>Конфлікти</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/conflicts_list.py" line="29"/>
        <source>Переглянути</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/conflicts_list.py" line="47"/>
        <source>Конфліктів немає.</source>
        <translation>No conflicts.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../desktop/ui/forms/fields.py" line="67"/>
        <source>дд.мм.рррр</source>
        <translation>dd.mm.yyyy</translation>
    </message>
</context>
<context>
    <name>DisplacementSection</name>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="30"/>
        <source>номер довідки</source>
        <translation>certificate number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="34"/>
        <source>від</source>
        <translation>dated</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="38"/>
        <source>Довідк&amp;а ВПО</source>
        <translation>IDP &amp;certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="44"/>
        <source>Дата переміщенн&amp;я</source>
        <translation>Displacement dat&amp;e</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="47"/>
        <source>Звідк&amp;и</source>
        <translation>Fro&amp;m</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="53"/>
        <source>Де про&amp;живає зараз</source>
        <translation>Lives &amp;now in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="49"/>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="55"/>
        <source>вулиця, будинок, квартира</source>
        <translation>street, house, flat</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="50"/>
        <source>Адреса (звідки)</source>
        <translation>Address (from)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/displacement_section.py" line="56"/>
        <source>Адреса (зараз)</source>
        <translation>Address (now)</translation>
    </message>
</context>
<context>
    <name>DisplacementTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/displacement_tab.py" line="18"/>
        <source>Переміщення</source>
        <translation>Displacement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/displacement_tab.py" line="21"/>
        <source>Документи особи</source>
        <translation>Personal documents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/displacement_tab.py" line="26"/>
        <source>Документ, що посвідчує особу</source>
        <translation>Identity document</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/displacement_tab.py" line="27"/>
        <source>РНОКПП</source>
        <translation>RNOKPP</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/displacement_tab.py" line="28"/>
        <source>УНЗР</source>
        <translation>UNZR</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/displacement_tab.py" line="29"/>
        <source>Змінюються на вкладці «Особа»; скани документів — на вкладці «Вкладення».</source>
        <translation>Edited on the “Person” tab; document scans are on the “Attachments” tab.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/displacement_tab.py" line="42"/>
        <source>відмова від РНОКПП</source>
        <translation>RNOKPP refused</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="79"/>
        <source>Можливо, особа вже зареєстрована</source>
        <translation>This person may already be registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="82"/>
        <source>Знайдено справи, схожі на цю особу. Перевірте, чи це не та сама людина: дубль справи розпорошує історію допомоги.</source>
        <translation>Cases similar to this person were found. Check that it is not the same person: a duplicate case splits the history of support.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="87"/>
        <source>ПІБ</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="87"/>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="87"/>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="88"/>
        <source>Стан справи</source>
        <translation>Case status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="88"/>
        <source>Відповідальний</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="89"/>
        <source>Чому схожа</source>
        <translation>Why similar</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="112"/>
        <source>&amp;Відкрити наявну справу</source>
        <translation>&amp;Open the existing case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="114"/>
        <source>Все одно &amp;зареєструвати</source>
        <translation>&amp;Register anyway</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/duplicates.py" line="116"/>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EditTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/person_tab.py" line="64"/>
        <source>Зберегти зміни</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/person_tab.py" line="65"/>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/person_tab.py" line="68"/>
        <source>Скасувати зміни</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/person_tab.py" line="128"/>
        <source>Не збережено: виправте позначені поля.</source>
        <translation>Not saved: correct the marked fields.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/person_tab.py" line="130"/>
        <source>Зміни збережено.</source>
        <translation>Changes saved.</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="35"/>
        <source>Фільтри</source>
        <translation>Filters</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="43"/>
        <source>&amp;Етап</source>
        <translation>S&amp;tage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="43"/>
        <source>С&amp;тан</source>
        <translation>Stat&amp;us</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="43"/>
        <source>&amp;Категорія</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="44"/>
        <source>&amp;Пріоритет</source>
        <translation>&amp;Priority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="47"/>
        <source>Усі</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="58"/>
        <source>Лише призначені мені</source>
        <translation>Assigned to me only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="59"/>
        <source>З простроченими завданнями</source>
        <translation>With overdue tasks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="60"/>
        <source>Походження з території бойових дій або окупації</source>
        <translation>Origin in an area of hostilities or occupation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="61"/>
        <source>Місце походження є в переліку територій, на яких ведуться (велися) бойові дії або тимчасово окупованих</source>
        <translation>The place of origin is on the official list of territories of (past or ongoing) hostilities or temporary occupation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/filter_panel.py" line="63"/>
        <source>Скинути фільтри</source>
        <translation>Clear filters</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="243"/>
        <source>Поруч — перший запуск</source>
        <translation>Poruch — first start</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/history_tab.py" line="18"/>
        <source>Коли</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/history_tab.py" line="18"/>
        <source>Хто</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/history_tab.py" line="18"/>
        <source>Дія</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/history_tab.py" line="18"/>
        <source>Що</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/history_tab.py" line="18"/>
        <source>Поля</source>
        <translation>Fields</translation>
    </message>
</context>
<context>
    <name>HouseholdSection</name>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="62"/>
        <source>Особа звернулася сама (членів домогосподарства не додано).</source>
        <translation>The person came alone (no household members added).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="68"/>
        <source>Родинний зв&apos;язок *</source>
        <translation>Relationship *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="68"/>
        <source>Прізвище</source>
        <translation>Surname</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="68"/>
        <source>Ім&apos;я *</source>
        <translation>Given name *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="69"/>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="69"/>
        <source>Вразливості</source>
        <translation>Vulnerabilities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="76"/>
        <source>Додати &amp;члена домогосподарства</source>
        <translation>Add a household &amp;member</translation>
    </message>
</context>
<context>
    <name>IssueLabel</name>
    <message>
        <location filename="../../desktop/ui/forms/fields.py" line="264"/>
        <source> (номер %1)</source>
        <translation> (no. %1)</translation>
    </message>
</context>
<context>
    <name>JournalTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/journal_tab.py" line="31"/>
        <source>Записи журналу</source>
        <translation>Journal entries</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/journal_tab.py" line="33"/>
        <source>Записи журналу не змінюються і не видаляються. Помилку виправляють новим записом.</source>
        <translation>Journal entries are never changed or deleted. A mistake is corrected with a new entry.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/journal_tab.py" line="41"/>
        <source>Що сталося, про що домовилися, що далі</source>
        <translation>What happened, what was agreed, what comes next</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/journal_tab.py" line="43"/>
        <source>Додати &amp;запис</source>
        <translation>&amp;Add entry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/journal_tab.py" line="44"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/journal_tab.py" line="87"/>
        <source>Запис додано до журналу.</source>
        <translation>The entry was added to the journal.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="64"/>
        <source>Поруч — %1</source>
        <translation>Poruch — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="64"/>
        <source>Поруч</source>
        <translation>Poruch</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="76"/>
        <source>Справи</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="77"/>
        <source>Мій день</source>
        <translation>My day</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="104"/>
        <source>&amp;Нова реєстрація</source>
        <translation>&amp;New registration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="105"/>
        <source>Зареєструвати особу (Ctrl+N)</source>
        <translation>Register a person (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="106"/>
        <source>&amp;Знайти справу</source>
        <translation>&amp;Find a case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="107"/>
        <source>Пошук за іменем, РНОКПП, телефоном, довідкою (Ctrl+F)</source>
        <translation>Search by name, RNOKPP, phone, certificate (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="108"/>
        <source>&amp;Мій день</source>
        <translation>&amp;My day</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="109"/>
        <source>Завдання прострочені й на сьогодні (Ctrl+D)</source>
        <translation>Tasks overdue and due today (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="110"/>
        <source>&amp;Синхронізувати</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="111"/>
        <source>Надіслати зміни й отримати нові дані (Ctrl+R, F5)</source>
        <translation>Send changes and get new data (Ctrl+R, F5)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="112"/>
        <source>За&amp;блокувати</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="113"/>
        <source>Заблокувати програму, поки вас немає (Ctrl+L)</source>
        <translation>Lock the application while you are away (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="114"/>
        <source>&amp;Закрити вкладку</source>
        <translation>&amp;Close tab</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="116"/>
        <source>&amp;Налаштування…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="117"/>
        <source>&amp;Вийти</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="118"/>
        <source>&amp;Про програму</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="122"/>
        <source>&amp;Файл</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="125"/>
        <source>&amp;Вигляд</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="128"/>
        <source>&amp;Мова інтерфейсу</source>
        <translation>Interface &amp;language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="137"/>
        <source>&amp;Довідка</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="139"/>
        <source>Основні дії</source>
        <translation>Main actions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="180"/>
        <location filename="../../desktop/ui/main_window.py" line="181"/>
        <location filename="../../desktop/ui/main_window.py" line="186"/>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="197"/>
        <source>Картка справи ще не готова в цій збірці.</source>
        <translation>The case screen is not part of this build yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="209"/>
        <location filename="../../desktop/ui/main_window.py" line="218"/>
        <source>Нова реєстрація</source>
        <translation>New registration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="210"/>
        <source>Форма реєстрації ще не готова в цій збірці.</source>
        <translation>The registration form is not part of this build yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="260"/>
        <source>Про програму</source>
        <translation>About Poruch</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="261"/>
        <source>&lt;b&gt;Поруч&lt;/b&gt;&lt;br&gt;Ведення справ соціальної підтримки внутрішньо переміщених осіб і тих, хто повертається додому.&lt;br&gt;Працює без інтернету; дані зашифровано на цьому комп&apos;ютері й синхронізуються з сервером, коли є зв&apos;язок.</source>
        <translation>&lt;b&gt;Poruch&lt;/b&gt;&lt;br&gt;Case management for the social support of internally displaced people and people returning home.&lt;br&gt;Works without the internet; data is encrypted on this computer and synced with the server when there is a connection.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="266"/>
        <source>Дію не виконано через внутрішню помилку. Спробуйте ще раз; якщо повторюється, повідомте адміністратора.</source>
        <translation>The action failed because of an internal error. Try again; if it keeps happening, tell the administrator.</translation>
    </message>
</context>
<context>
    <name>MemberRow</name>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="26"/>
        <source>Прізвище</source>
        <translation>Surname</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="28"/>
        <source>Ім&apos;я *</source>
        <translation>Given name *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/household_section.py" line="33"/>
        <source>Прибрати цього члена домогосподарства</source>
        <translation>Remove this household member</translation>
    </message>
</context>
<context>
    <name>MultiChoiceButton</name>
    <message>
        <location filename="../../desktop/ui/forms/fields.py" line="155"/>
        <source>немає</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>MyDayPage</name>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="42"/>
        <source>На сьогодні завдань немає. Нові завдання додають у справі, на вкладці «Завдання».</source>
        <translation>No tasks for today. New tasks are added in a case, on the “Tasks” tab.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="49"/>
        <source>Строк</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="49"/>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="49"/>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="52"/>
        <source>Завдання на сьогодні</source>
        <translation>Tasks for today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="61"/>
        <source>Відкрити справу</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="63"/>
        <source>Позначити виконаним</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="108"/>
        <source>Мій день — %1</source>
        <translation>My day — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="110"/>
        <source>(показано найстаріші %1 завдань)</source>
        <translation>(the oldest %1 tasks are shown)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="117"/>
        <source>Прострочені: %1</source>
        <translation>Overdue: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/my_day.py" line="117"/>
        <source>На сьогодні: %1</source>
        <translation>Due today: %1</translation>
    </message>
</context>
<context>
    <name>NeedsTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="48"/>
        <source>Нове оцінювання потреб</source>
        <translation>New needs assessment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="71"/>
        <source>що саме, для кого</source>
        <translation>what exactly, for whom</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="81"/>
        <source>Загальний висновок фахівця</source>
        <translation>The caseworker&apos;s overall conclusion</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="86"/>
        <source>Зберегти о&amp;цінювання</source>
        <translation>Save &amp;assessment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="88"/>
        <source>Да&amp;та оцінювання</source>
        <translation>Assessment da&amp;te</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="91"/>
        <source>Висновок</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="99"/>
        <source>Попередні оцінювання</source>
        <translation>Earlier assessments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="100"/>
        <source>Дата</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="100"/>
        <source>Провів</source>
        <translation>Assessed by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="100"/>
        <source>Пріоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="101"/>
        <source>Суттєві потреби</source>
        <translation>Significant needs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="130"/>
        <source>Пріоритет за цим оцінюванням: %1</source>
        <translation>Priority from this assessment: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="175"/>
        <source>суттєвих потреб немає</source>
        <translation>no significant needs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/needs_tab.py" line="185"/>
        <source>Оцінювання збережено.</source>
        <translation>The assessment was saved.</translation>
    </message>
</context>
<context>
    <name>PersonSection</name>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="29"/>
        <source>&amp;Прізвище *</source>
        <translation>&amp;Surname *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="30"/>
        <source>&amp;Ім&apos;я *</source>
        <translation>&amp;Given name *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="31"/>
        <source>По &amp;батькові</source>
        <translation>&amp;Patronymic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="35"/>
        <source>Латиницею</source>
        <translation>In Latin letters</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="42"/>
        <source>Дата &amp;народження *</source>
        <translation>Date of &amp;birth *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="43"/>
        <source>&amp;Стать</source>
        <translation>Se&amp;x</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="46"/>
        <source>10 цифр</source>
        <translation>10 digits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="48"/>
        <source>від&amp;мова від РНОКПП</source>
        <translation>RNOKPP re&amp;fused</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="63"/>
        <source>Д&amp;окумент</source>
        <translation>D&amp;ocument</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="49"/>
        <source>Особа відмовилася від РНОКПП через релігійні переконання (відмітка в паспорті)</source>
        <translation>The person refused an RNOKPP for religious reasons (marked in the passport)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="53"/>
        <source>&amp;РНОКПП</source>
        <translation>&amp;RNOKPP</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="57"/>
        <source>РРРРММДД-ННННК</source>
        <translation>YYYYMMDD-NNNNC</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="58"/>
        <source>&amp;УНЗР</source>
        <translation>&amp;UNZR</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="62"/>
        <source>серія та номер</source>
        <translation>series and number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="69"/>
        <source>&amp;Телефони</source>
        <translation>&amp;Phones</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="71"/>
        <source>Е&amp;л. пошта</source>
        <translation>E&amp;mail</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="73"/>
        <source>Зручний &amp;зв&apos;язок</source>
        <translation>Preferred &amp;contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="75"/>
        <source>через кому, напр. українська, кримськотатарська</source>
        <translation>comma-separated, e.g. Ukrainian, Crimean Tatar</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="76"/>
        <source>Мови спілкування</source>
        <translation>Languages spoken</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/person_section.py" line="88"/>
        <source>Вразливості</source>
        <translation>Vulnerabilities</translation>
    </message>
</context>
<context>
    <name>PersonTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/person_tab.py" line="143"/>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/person_tab.py" line="146"/>
        <source>Домогосподарство</source>
        <translation>Household</translation>
    </message>
</context>
<context>
    <name>PhoneList</name>
    <message>
        <location filename="../../desktop/ui/forms/fields.py" line="177"/>
        <source>+ Ще один телефон</source>
        <translation>+ Another phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/fields.py" line="188"/>
        <source>+380 67 123 45 67</source>
        <translation>+380 67 123 45 67</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms/fields.py" line="192"/>
        <source>Видалити цей номер</source>
        <translation>Remove this number</translation>
    </message>
</context>
<context>
    <name>PlanTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="42"/>
        <source>Затвердити &amp;план</source>
        <translation>&amp;Approve plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="47"/>
        <source>Затверджує план керівник офісу</source>
        <translation>The head of office approves the plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="52"/>
        <source>Цілі</source>
        <translation>Goals</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="53"/>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="75"/>
        <source>Мета</source>
        <translation>Goal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="53"/>
        <source>Сфера</source>
        <translation>Domain</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="53"/>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="61"/>
        <source>Цільова дата</source>
        <translation>Target date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="53"/>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="75"/>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="57"/>
        <source>Нова мета, напр. «Оформити допомогу на проживання»</source>
        <translation>New goal, e.g. “Apply for the living allowance”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="59"/>
        <source>— сфера потреб —</source>
        <translation>— need domain —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="62"/>
        <source>Додати &amp;мету</source>
        <translation>Add &amp;goal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="66"/>
        <source>до</source>
        <translation>by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="74"/>
        <source>Послуги та направлення</source>
        <translation>Services and referrals</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="75"/>
        <source>Послуга</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="75"/>
        <source>Надавач</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="76"/>
        <source>Направлено</source>
        <translation>Referred</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="76"/>
        <source>Надано</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="79"/>
        <source>До якої мети</source>
        <translation>For which goal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="81"/>
        <source>Послуга з каталогу</source>
        <translation>Service from the catalogue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="83"/>
        <source>Надавач з довідника</source>
        <translation>Provider from the directory</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="85"/>
        <source>Додати п&amp;ослугу</source>
        <translation>Add &amp;service</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="114"/>
        <source>План затверджено: %1, %2</source>
        <translation>Plan approved: %1, %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="118"/>
        <source>План ще не затверджено керівником.</source>
        <translation>The plan is not yet approved by the head of office.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="139"/>
        <source>Стан мети</source>
        <translation>Goal status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="156"/>
        <source>Стан послуги</source>
        <translation>Service status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="167"/>
        <source>— без мети —</source>
        <translation>— no goal —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="195"/>
        <source>— надавача в довіднику немає —</source>
        <translation>— provider not in the directory —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="203"/>
        <source>Напишіть, якої мети треба досягти.</source>
        <translation>Write what the goal is.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="207"/>
        <source>Мету додано.</source>
        <translation>The goal was added.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="216"/>
        <source>Стан мети змінено.</source>
        <translation>The goal status was changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="229"/>
        <source>Послугу додано до плану.</source>
        <translation>The service was added to the plan.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="234"/>
        <source>Стан послуги змінено.</source>
        <translation>The service status was changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/plan_tab.py" line="241"/>
        <source>План затверджено.</source>
        <translation>The plan was approved.</translation>
    </message>
</context>
<context>
    <name>PoruchApp</name>
    <message>
        <location filename="../../desktop/ui/app.py" line="188"/>
        <source>Програму заблоковано. Завершуємо фонові завдання…</source>
        <translation>Poruch is locked. Finishing background work…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="192"/>
        <source>Програму заблоковано. Щоб продовжити, введіть пароль.</source>
        <translation>Poruch is locked. Enter your password to continue.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="212"/>
        <source>Пристрій відкликано</source>
        <translation>Device revoked</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="213"/>
        <source>Адміністратор відкликав цей комп&apos;ютер. Локальні дані знищено. Щоб працювати далі, підключіть комп&apos;ютер до сервера знову.</source>
        <translation>The administrator revoked this computer. Its local data has been destroyed. To keep working, connect the computer to the server again.</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <location filename="../../desktop/ui/registration.py" line="230"/>
        <source>Реєстрація особи</source>
        <translation>Registering a person</translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <location filename="../../desktop/ui/registration.py" line="59"/>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="68"/>
        <source>&amp;Офіс *</source>
        <translation>&amp;Office *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="71"/>
        <source>&amp;Категорія *</source>
        <translation>&amp;Category *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="72"/>
        <source>Етап перемі&amp;щення</source>
        <translation>Displacement &amp;stage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="76"/>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="81"/>
        <source>Домогосподарство</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="87"/>
        <source>Переміщення</source>
        <translation>Displacement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="102"/>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="103"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="104"/>
        <source>Зареєструвати</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="105"/>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/registration.py" line="139"/>
        <source>Виправте позначені червоним поля (%n), щоб зареєструвати.</source>
        <translation>
            <numerusform>Correct the field marked in red (%n) to register.</numerusform>
            <numerusform>Correct the fields marked in red (%n) to register.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="167"/>
        <source>Перевіряю, чи особа вже не зареєстрована…</source>
        <translation>Checking whether the person is already registered…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="184"/>
        <source>Зберігаю…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="189"/>
        <source>Справу зареєстровано.</source>
        <translation>The case was registered.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="197"/>
        <source>Справу не збережено: виправте позначені поля.</source>
        <translation>The case was not saved: correct the marked fields.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="201"/>
        <source>Не вдалося зберегти справу. Спробуйте ще раз; якщо помилка повториться, зверніться до адміністратора.</source>
        <translation>The case could not be saved. Try again; if it happens again, contact the administrator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="213"/>
        <source>Скасувати реєстрацію?</source>
        <translation>Cancel the registration?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="214"/>
        <source>Введені дані не буде збережено.</source>
        <translation>What you typed will not be saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="215"/>
        <source>Скасувати реєстрацію</source>
        <translation>Cancel registration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registration.py" line="216"/>
        <source>Продовжити заповнення</source>
        <translation>Keep filling in</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="152"/>
        <source>Підключення до сервера</source>
        <translation>Connecting to a server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="153"/>
        <source>Дані для входу надав адміністратор. Пароль ніде не зберігається відкрито.</source>
        <translation>Your administrator gave you these sign-in details. The password is never stored in clear.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="159"/>
        <source>Підключення до сервера…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="161"/>
        <source>Адреса &amp;сервера</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="162"/>
        <source>&amp;Користувач</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="163"/>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="164"/>
        <source>Назва цього &amp;комп&apos;ютера</source>
        <translation>Name of this &amp;computer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="170"/>
        <source>Вкажіть адресу сервера.</source>
        <translation>Enter the server address.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="172"/>
        <source>Вкажіть ім&apos;я користувача і пароль.</source>
        <translation>Enter the user name and password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="183"/>
        <source>Сервер не прийняв ім&apos;я користувача або пароль. Перевірте їх або зверніться до адміністратора.</source>
        <translation>The server did not accept the user name or password. Check them or contact the administrator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="187"/>
        <source>Не вдалося підключитися: %1</source>
        <translation>Could not connect: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/widgets/settings_dialog.py" line="17"/>
        <source>Налаштування</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/settings_dialog.py" line="24"/>
        <source> хв</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/settings_dialog.py" line="30"/>
        <source>&amp;Мова інтерфейсу</source>
        <translation>Interface &amp;language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/settings_dialog.py" line="31"/>
        <source>&amp;Блокувати після бездіяльності</source>
        <translation>&amp;Lock after inactivity of</translation>
    </message>
</context>
<context>
    <name>StandalonePage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="193"/>
        <source>Автономний офіс</source>
        <translation>Standalone office</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="194"/>
        <source>Ви будете першим користувачем і керівником офісу на цьому комп&apos;ютері.</source>
        <translation>You will be the first user and the head of office on this computer.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="195"/>
        <source>напр. Служба у справах ВПО Бучанської громади</source>
        <translation>e.g. IDP service of Bucha hromada</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="196"/>
        <source>Прізвище та ім&apos;я</source>
        <translation>Surname and given name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="197"/>
        <source>латиницею, напр. olena.k</source>
        <translation>in Latin letters, e.g. olena.k</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="200"/>
        <source>Створення зашифрованої бази даних…</source>
        <translation>Creating the encrypted database…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="202"/>
        <source>Назва &amp;офісу</source>
        <translation>&amp;Office name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="203"/>
        <source>Ваше &amp;ім&apos;я</source>
        <translation>Your &amp;name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="204"/>
        <source>І&amp;м&apos;я користувача</source>
        <translation>User na&amp;me</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="205"/>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="206"/>
        <source>Пароль ще &amp;раз</source>
        <translation>Password &amp;again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="207"/>
        <source>Щонайменше %1 символів. Без пароля дані не відновити: запишіть його й зберігайте окремо від комп&apos;ютера.</source>
        <translation>At least %1 characters. Without the password the data cannot be recovered: write it down and keep it away from the computer.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="217"/>
        <source>Вкажіть назву офісу.</source>
        <translation>Enter the office name.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="220"/>
        <source>Ім&apos;я користувача: латинські літери, цифри, крапка, дефіс або підкреслення.</source>
        <translation>User name: Latin letters, digits, dot, hyphen or underscore.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="222"/>
        <source>Пароль закороткий: потрібно щонайменше %1 символів.</source>
        <translation>The password is too short: at least %1 characters are needed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="224"/>
        <source>Паролі не збігаються.</source>
        <translation>The passwords do not match.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="234"/>
        <source>Не вдалося створити базу даних: %1</source>
        <translation>Could not create the database: %1</translation>
    </message>
</context>
<context>
    <name>StatusActions</name>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="146"/>
        <source>Етап, стан, фахівець…</source>
        <translation>Stage, status, caseworker…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="147"/>
        <source>Закрити справу…</source>
        <translation>Close case…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="176"/>
        <source>Справу закрито.</source>
        <translation>The case was closed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="178"/>
        <source>Справу передано: %1.</source>
        <translation>Case handed to %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="180"/>
        <source>Зміни збережено.</source>
        <translation>Changes saved.</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="37"/>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="78"/>
        <source>Закрити справу</source>
        <translation>Close case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="37"/>
        <source>Етап, стан і фахівець</source>
        <translation>Stage, status and caseworker</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="50"/>
        <source>Передати справу іншому фахівцю може керівник або районний рівень.</source>
        <translation>Only a supervisor or a district user can hand a case to another caseworker.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="56"/>
        <source>Коротко: чого досягнуто, куди передано, що лишилося</source>
        <translation>In short: what was achieved, where it was passed on, what is left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="63"/>
        <source>&amp;Етап роботи</source>
        <translation>Work &amp;stage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="63"/>
        <source>Етап &amp;переміщення</source>
        <translation>&amp;Displacement stage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="64"/>
        <source>&amp;Стан</source>
        <translation>S&amp;tatus</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="64"/>
        <source>&amp;Відповідальний фахівець</source>
        <translation>&amp;Caseworker responsible</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="65"/>
        <source>П&amp;ричина закриття *</source>
        <translation>Closure &amp;reason *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="65"/>
        <source>&amp;Коментар</source>
        <translation>&amp;Comment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="78"/>
        <source>Зберегти</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/status_actions.py" line="79"/>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SyncAdapter</name>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="141"/>
        <source>Синхронізація…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="264"/>
        <source>Надсилання змін: %1 з %2</source>
        <translation>Sending changes: %1 of %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="266"/>
        <source>Отримання даних: %1</source>
        <translation>Receiving data: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="268"/>
        <source>Відновлення даних із сервера: %1</source>
        <translation>Restoring data from the server: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="269"/>
        <source>Перевірка даних…</source>
        <translation>Checking data…</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="58"/>
        <source>Синхронізувати зараз</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="60"/>
        <source>Надіслати зміни й отримати нові дані (Ctrl+R, F5)</source>
        <translation>Send changes and get new data (Ctrl+R, F5)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="72"/>
        <source>Автономний офіс (без сервера)</source>
        <translation>Standalone office (no server)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="73"/>
        <source>Цей комп&apos;ютер не підключено до сервера; усі дані зберігаються лише тут.</source>
        <translation>This computer is not connected to a server; all data is kept here only.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="75"/>
        <source>З&apos;єднання…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="77"/>
        <source>Зв&apos;язок ще не перевірено</source>
        <translation>Connection not checked yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="79"/>
        <source>● На зв&apos;язку</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="79"/>
        <source>Сервер доступний</source>
        <translation>The server is reachable</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="81"/>
        <source>● Немає зв&apos;язку</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="82"/>
        <source>Працюйте як звичайно: зміни збережено тут і буде надіслано пізніше.</source>
        <translation>Keep working as usual: changes are saved here and will be sent later.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="86"/>
        <source>Не надіслано змін: %1</source>
        <translation>Changes not sent: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="87"/>
        <source>Усе надіслано</source>
        <translation>Everything sent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="89"/>
        <source>Остання синхронізація: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="91"/>
        <source>Конфлікти для перегляду: %1</source>
        <translation>Conflicts to review: %1</translation>
    </message>
</context>
<context>
    <name>TasksTab</name>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="19"/>
        <source>Виконано</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="19"/>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="19"/>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="26"/>
        <source>Строк</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="19"/>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="28"/>
        <source>Виконавець</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="20"/>
        <source>Дата виконання</source>
        <translation>Date done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="23"/>
        <source>Нове завдання, напр. «Зателефонувати щодо довідки»</source>
        <translation>New task, e.g. “Call about the certificate”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="29"/>
        <source>Додати з&amp;авдання</source>
        <translation>Add t&amp;ask</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="33"/>
        <source>до</source>
        <translation>due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="72"/>
        <source> (прострочено)</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="90"/>
        <source>Завдання виконано.</source>
        <translation>The task is done.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="90"/>
        <source>Завдання знову відкрито.</source>
        <translation>The task was reopened.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="96"/>
        <source>Напишіть, що треба зробити.</source>
        <translation>Write what needs doing.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_view/tasks_tab.py" line="100"/>
        <source>Завдання додано.</source>
        <translation>The task was added.</translation>
    </message>
</context>
<context>
    <name>TerritoryPicker</name>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="38"/>
        <source>Пошук населеного пункту за назвою, напр. Бахмут</source>
        <translation>Find a settlement by name, e.g. Bakhmut</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="40"/>
        <source>Пошук населеного пункту</source>
        <translation>Find a settlement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="52"/>
        <source>— область —</source>
        <translation>— oblast —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="52"/>
        <source>— район —</source>
        <translation>— raion —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="52"/>
        <source>— громада —</source>
        <translation>— hromada —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="53"/>
        <source>— населений пункт —</source>
        <translation>— settlement —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="53"/>
        <source>— район у місті —</source>
        <translation>— city district —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="169"/>
        <source>Територія на переліку територій бойових дій або тимчасової окупації:</source>
        <translation>The territory is on the list of territories of hostilities or temporary occupation:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="173"/>
        <source>з %1</source>
        <translation>since %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="175"/>
        <source>триває</source>
        <translation>ongoing</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="175"/>
        <source>завершено</source>
        <translation>ended</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/territory_picker.py" line="178"/>
        <source>• %1 — %2: %3 (%4)</source>
        <translation>• %1 — %2: %3 (%4)</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="48"/>
        <source>Поруч — вхід</source>
        <translation>Poruch — sign in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="54"/>
        <source>Поруч</source>
        <translation>Poruch</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="56"/>
        <source>Ведення справ соціальної підтримки</source>
        <translation>Social support case management</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="61"/>
        <source>Користувач</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="69"/>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="71"/>
        <location filename="../../desktop/ui/unlock.py" line="183"/>
        <source>Увійти</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="81"/>
        <source>&amp;Користувач</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="83"/>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="142"/>
        <source>Введіть пароль.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="162"/>
        <source>Неправильний пароль. Перевірте розкладку клавіатури та Caps Lock.</source>
        <translation>Wrong password. Check the keyboard layout and Caps Lock.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="165"/>
        <source>Цю базу даних створила новіша версія програми «Поруч». Оновіть програму, щоб відкрити її.</source>
        <translation>This database was created by a newer version of Poruch. Update the application to open it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="168"/>
        <source>Не вдалося відкрити базу даних: файл ключів або бази пошкоджено. Зверніться до адміністратора; дані на сервері не втрачено.</source>
        <translation>The database could not be opened: the key file or the database is damaged. Contact the administrator; the data on the server is not lost.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="172"/>
        <source>Не вдалося відкрити базу даних. Спробуйте ще раз або зверніться до адміністратора.</source>
        <translation>The database could not be opened. Try again or contact the administrator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="183"/>
        <source>Відкриваємо…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="217"/>
        <source>Забагато невдалих спроб. Наступна спроба можлива через %1 с.</source>
        <translation>Too many failed attempts. You can try again in %1 s.</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../desktop/ui/labels.py" line="16"/>
        <source>Внутрішньо переміщена особа</source>
        <translation>Internally displaced person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="17"/>
        <source>Повернулася з-за кордону</source>
        <translation>Returnee from abroad</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="18"/>
        <source>Повернулася на деокуповану територію</source>
        <translation>Returnee to a de-occupied territory</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="19"/>
        <source>Місцевий мешканець у складних життєвих обставинах</source>
        <translation>Local resident in difficult life circumstances</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="22"/>
        <source>Виявлення</source>
        <translation>Identification</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="23"/>
        <location filename="../../desktop/ui/labels.py" line="176"/>
        <source>Оцінювання потреб</source>
        <translation>Needs assessment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="24"/>
        <source>Планування</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="25"/>
        <source>Надання послуг</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="26"/>
        <source>Моніторинг</source>
        <translation>Monitoring</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="27"/>
        <source>Закриття</source>
        <translation>Closure</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="30"/>
        <source>Евакуація</source>
        <translation>Evacuation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="31"/>
        <source>Адаптація</source>
        <translation>Adaptation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="32"/>
        <source>Інтеграція</source>
        <translation>Integration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="33"/>
        <source>Повернення</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="34"/>
        <source>Інше довготривале рішення</source>
        <translation>Other durable solution</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="37"/>
        <source>Відкрита</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="38"/>
        <source>Активна</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="39"/>
        <source>Призупинена</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="40"/>
        <source>Закрита</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="43"/>
        <source>Цілей досягнуто</source>
        <translation>Goals achieved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="44"/>
        <source>Знайдено довготривале рішення</source>
        <translation>Durable solution found</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="45"/>
        <source>Переїхала</source>
        <translation>Moved away</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="46"/>
        <source>Передано іншому офісу</source>
        <translation>Transferred to another office</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="47"/>
        <source>Відмова від підтримки</source>
        <translation>Refused support</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="48"/>
        <source>Немає зв&apos;язку</source>
        <translation>No contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="49"/>
        <source>Смерть</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="50"/>
        <source>Інша причина</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="53"/>
        <source>Чоловіча</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="54"/>
        <source>Жіноча</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="57"/>
        <source>Інвалідність I групи</source>
        <translation>Disability, group I</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="58"/>
        <source>Інвалідність II групи</source>
        <translation>Disability, group II</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="59"/>
        <source>Інвалідність III групи</source>
        <translation>Disability, group III</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="60"/>
        <source>Дитина з інвалідністю</source>
        <translation>Child with a disability</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="61"/>
        <source>Дитина</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="62"/>
        <source>Дитина-сирота або позбавлена батьківського піклування</source>
        <translation>Orphan or child deprived of parental care</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="63"/>
        <source>Особа похилого віку, пенсіонер</source>
        <translation>Older person, pensioner</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="64"/>
        <source>Багатодітна сім&apos;я</source>
        <translation>Large family</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="65"/>
        <source>Одинокий батько або мати</source>
        <translation>Single parent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="66"/>
        <source>Вагітність</source>
        <translation>Pregnancy</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="67"/>
        <source>Хронічне захворювання</source>
        <translation>Chronic illness</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="68"/>
        <source>Ветеран або сім&apos;я загиблого чи зниклого захисника</source>
        <translation>Veteran, or family of a killed or missing defender</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="69"/>
        <source>Постраждала від насильства</source>
        <translation>Survivor of violence</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="70"/>
        <source>Малозабезпеченість</source>
        <translation>Low income</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="73"/>
        <source>ID-картка</source>
        <translation>ID card</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="74"/>
        <source>Паспорт-книжечка</source>
        <translation>Passport booklet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="75"/>
        <source>Свідоцтво про народження</source>
        <translation>Birth certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="76"/>
        <source>Закордонний паспорт</source>
        <translation>International passport</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="77"/>
        <source>Посвідка на проживання</source>
        <translation>Residence permit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="78"/>
        <source>Інший документ</source>
        <translation>Other document</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="81"/>
        <source>Телефон</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="82"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="83"/>
        <source>Viber</source>
        <translation>Viber</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="84"/>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="85"/>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="86"/>
        <location filename="../../desktop/ui/labels.py" line="258"/>
        <source>Електронна пошта</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="87"/>
        <source>Особистий візит</source>
        <translation>Personal visit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="90"/>
        <source>Чоловік або дружина</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="91"/>
        <source>Син або дочка</source>
        <translation>Son or daughter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="92"/>
        <source>Батько або мати</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="93"/>
        <source>Брат або сестра</source>
        <translation>Brother or sister</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="94"/>
        <source>Дідусь або бабуся</source>
        <translation>Grandparent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="95"/>
        <source>Онук або онука</source>
        <translation>Grandchild</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="96"/>
        <source>Опікун</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="97"/>
        <source>Інший родич</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="100"/>
        <source>Чинна</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="101"/>
        <source>Скасована</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="102"/>
        <source>Знято з обліку</source>
        <translation>Deregistered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="106"/>
        <source>Немає потреби</source>
        <translation>No need</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="107"/>
        <source>Низька</source>
        <translation>Low</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="108"/>
        <source>Середня</source>
        <translation>Medium</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="109"/>
        <source>Висока</source>
        <translation>High</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="110"/>
        <source>Критична</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="113"/>
        <source>Не визначено</source>
        <translation>Not set</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="114"/>
        <source>Низький</source>
        <translation>Low</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="115"/>
        <source>Середній</source>
        <translation>Medium</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="116"/>
        <source>Високий</source>
        <translation>High</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="117"/>
        <source>Критичний</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="120"/>
        <source>Житло</source>
        <translation>Housing</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="121"/>
        <source>Дохід і працевлаштування</source>
        <translation>Income and employment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="122"/>
        <source>Здоров&apos;я та реабілітація</source>
        <translation>Health and rehabilitation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="123"/>
        <source>Психосоціальна підтримка</source>
        <translation>Psychosocial support</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="124"/>
        <source>Документи та правова допомога</source>
        <translation>Documents and legal aid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="125"/>
        <source>Освіта та догляд за дітьми</source>
        <translation>Education and childcare</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="126"/>
        <source>Гуманітарні та базові потреби</source>
        <translation>Humanitarian and basic needs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="127"/>
        <source>Соціальні виплати</source>
        <translation>Social benefits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="130"/>
        <source>У роботі</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="131"/>
        <source>Досягнуто</source>
        <translation>Achieved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="132"/>
        <source>Скасовано</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="135"/>
        <source>Заплановано</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="136"/>
        <source>Направлено</source>
        <translation>Referred</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="137"/>
        <source>Надається</source>
        <translation>Being delivered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="138"/>
        <source>Надано</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="139"/>
        <source>Відмовлено</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="142"/>
        <source>Наш офіс</source>
        <translation>Our office</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="143"/>
        <source>Державна служба</source>
        <translation>State service</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="144"/>
        <source>Громадська організація</source>
        <translation>NGO</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="145"/>
        <source>Міжнародний партнер</source>
        <translation>International partner</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="148"/>
        <source>Контакт</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="149"/>
        <source>Візит</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="150"/>
        <source>Дзвінок</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="151"/>
        <source>Повідомлення</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="152"/>
        <source>Нотатка</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="153"/>
        <source>Надання послуги</source>
        <translation>Service delivery</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="156"/>
        <source>Створено</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="157"/>
        <source>Змінено</source>
        <translation>Changed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="158"/>
        <source>Видалено</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="159"/>
        <source>Переглянуто</source>
        <translation>Viewed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="160"/>
        <source>Експортовано</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="161"/>
        <source>Конфлікт розв&apos;язано</source>
        <translation>Conflict resolved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="164"/>
        <source>Чекає на рішення</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="165"/>
        <source>Розв&apos;язано</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="168"/>
        <source>Залишено чинне значення</source>
        <translation>Current value kept</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="169"/>
        <source>Відновлено інше значення</source>
        <translation>Other value restored</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="172"/>
        <source>Справа</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="173"/>
        <source>Особа</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="174"/>
        <source>Переміщення</source>
        <translation>Displacement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="175"/>
        <source>Член домогосподарства</source>
        <translation>Household member</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="177"/>
        <location filename="../../desktop/ui/labels.py" line="278"/>
        <source>Мета</source>
        <translation>Goal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="178"/>
        <source>Послуга</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="179"/>
        <source>Запис журналу</source>
        <translation>Journal entry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="180"/>
        <source>Завдання</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="181"/>
        <source>Вкладення</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="182"/>
        <source>Історія</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="183"/>
        <source>Конфлікт</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="187"/>
        <source>ім&apos;я</source>
        <translation>name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="188"/>
        <source>ім&apos;я латиницею</source>
        <translation>name in Latin letters</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="189"/>
        <location filename="../../desktop/ui/labels.py" line="252"/>
        <source>РНОКПП</source>
        <translation>RNOKPP</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="190"/>
        <source>телефон</source>
        <translation>phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="191"/>
        <source>номер довідки ВПО</source>
        <translation>IDP certificate number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="192"/>
        <location filename="../../desktop/ui/labels.py" line="254"/>
        <source>УНЗР</source>
        <translation>UNZR</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="193"/>
        <source>номер документа</source>
        <translation>document number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="200"/>
        <source>ВПО</source>
        <translation>IDP</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="201"/>
        <source>З-за кордону</source>
        <translation>From abroad</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="202"/>
        <source>Деокупована тер.</source>
        <translation>De-occupied area</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="203"/>
        <source>Місцевий, СЖО</source>
        <translation>Local, in difficulty</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="235"/>
        <source>Офіс</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="236"/>
        <source>Категорія</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="237"/>
        <source>Етап</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="238"/>
        <source>Етап переміщення</source>
        <translation>Displacement stage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="239"/>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="240"/>
        <source>Причина закриття</source>
        <translation>Closure reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="241"/>
        <source>Коментар до закриття</source>
        <translation>Closure comment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="242"/>
        <source>Відповідальний фахівець</source>
        <translation>Assigned caseworker</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="243"/>
        <source>Дата відкриття</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="244"/>
        <source>Дата закриття</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="245"/>
        <source>План затвердив</source>
        <translation>Plan approved by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="246"/>
        <source>Дата затвердження плану</source>
        <translation>Plan approved on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="247"/>
        <source>Прізвище</source>
        <translation>Surname</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="248"/>
        <source>Ім&apos;я</source>
        <translation>Given name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="249"/>
        <source>По батькові</source>
        <translation>Patronymic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="250"/>
        <source>Дата народження</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="251"/>
        <source>Стать</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="253"/>
        <source>Відмова від РНОКПП</source>
        <translation>RNOKPP refused</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="255"/>
        <source>Документ, що посвідчує особу</source>
        <translation>Identity document</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="256"/>
        <source>Номер документа</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="257"/>
        <source>Телефони</source>
        <translation>Phones</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="259"/>
        <source>Зручний спосіб зв&apos;язку</source>
        <translation>Preferred contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="260"/>
        <source>Мови</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="261"/>
        <source>Вразливості</source>
        <translation>Vulnerabilities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="262"/>
        <source>Примітки</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="263"/>
        <source>Номер довідки ВПО</source>
        <translation>IDP certificate number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="264"/>
        <source>Дата довідки ВПО</source>
        <translation>IDP certificate date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="265"/>
        <source>Стан довідки ВПО</source>
        <translation>IDP certificate status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="266"/>
        <source>Дата переміщення</source>
        <translation>Displacement date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="267"/>
        <source>Звідки (громада, населений пункт)</source>
        <translation>From (hromada, settlement)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="268"/>
        <source>Адреса, звідки переміщена</source>
        <translation>Address displaced from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="269"/>
        <source>Де проживає зараз</source>
        <translation>Lives now in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="270"/>
        <source>Поточна адреса</source>
        <translation>Current address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="271"/>
        <source>Родинний зв&apos;язок</source>
        <translation>Relationship</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="272"/>
        <source>Дата оцінювання</source>
        <translation>Assessment date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="273"/>
        <source>Оцінювання провів</source>
        <translation>Assessed by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="274"/>
        <source>Висновок</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="275"/>
        <source>Назва</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="276"/>
        <source>Сфера потреб</source>
        <translation>Need domain</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="277"/>
        <source>Цільова дата</source>
        <translation>Target date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="279"/>
        <source>Код послуги</source>
        <translation>Service code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="280"/>
        <source>Код надавача</source>
        <translation>Provider code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="281"/>
        <source>Надавач</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="282"/>
        <source>Тип надавача</source>
        <translation>Provider type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="283"/>
        <source>Дата направлення</source>
        <translation>Referral date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="284"/>
        <source>Дата надання</source>
        <translation>Delivery date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="285"/>
        <source>Вид</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="286"/>
        <source>Коли</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="287"/>
        <source>Текст</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="288"/>
        <source>Автор</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="289"/>
        <source>Строк</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="290"/>
        <source>Виконавець</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="291"/>
        <source>Виконано</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="292"/>
        <source>Дата виконання</source>
        <translation>Date done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="293"/>
        <source>Файл</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="294"/>
        <source>Тип файлу</source>
        <translation>File type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="295"/>
        <source>Розмір</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="296"/>
        <source>Контрольна сума</source>
        <translation>Checksum</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="297"/>
        <source>Опис</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="338"/>
        <source>так</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="338"/>
        <source>ні</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="341"/>
        <source>Примітка: %1</source>
        <translation>Note: %1</translation>
    </message>
</context>
<context>
    <name>statusbar</name>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="24"/>
        <source>ще не було</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="31"/>
        <source>сьогодні о %1</source>
        <translation>today at %1</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="60"/>
        <source>Записи синхронізовано, але не всі файли вкладень вдалося передати. Спробуємо ще раз під час наступної синхронізації.</source>
        <translation>The records are synced, but some attachment files could not be transferred. They will be retried at the next sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="43"/>
        <source>Немає зв&apos;язку з сервером. Зміни збережено на цьому комп&apos;ютері й буде надіслано, щойно з&apos;явиться зв&apos;язок.</source>
        <translation>No connection to the server. Changes are saved on this computer and will be sent as soon as there is a connection.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="45"/>
        <source>Сервер не відповів вчасно. Зміни збережено; спробуємо ще раз пізніше.</source>
        <translation>The server did not answer in time. Changes are saved; we will try again later.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="46"/>
        <source>Сервер зараз перевантажений. Спробуємо ще раз за кілька хвилин.</source>
        <translation>The server is busy. We will try again in a few minutes.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="47"/>
        <source>Помилка на сервері. Зміни збережено; якщо повторюється, повідомте адміністратора.</source>
        <translation>Server error. Changes are saved; if it keeps happening, tell the administrator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="49"/>
        <source>Сервер не прийняв облікові дані цього пристрою або користувача. Зверніться до адміністратора.</source>
        <translation>The server did not accept this device&apos;s or user&apos;s credentials. Contact the administrator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="51"/>
        <source>Немає прав на синхронізацію. Зверніться до адміністратора.</source>
        <translation>You are not allowed to sync. Contact the administrator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="52"/>
        <source>Цей пристрій відкликано адміністратором.</source>
        <translation>The administrator revoked this device.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="53"/>
        <source>Ця версія програми застаріла для сервера. Оновіть «Поруч»; ваші зміни збережено.</source>
        <translation>This version of the application is too old for the server. Update Poruch; your changes are kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="55"/>
        <source>Адреса сервера має починатися з https://.</source>
        <translation>The server address must start with https://.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="56"/>
        <source>Сервер відхилив деякі зміни; їх відкладено для перегляду.</source>
        <translation>The server rejected some changes; they are kept aside for review.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="57"/>
        <source>Цей комп&apos;ютер не підключено до сервера.</source>
        <translation>This computer is not connected to a server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="58"/>
        <source>Дані на комп&apos;ютері й на сервері не збігаються. Повідомте адміністратора.</source>
        <translation>The data on this computer and on the server differ. Tell the administrator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_adapter.py" line="63"/>
        <source>Синхронізація не вдалася. Зміни збережено; спробуємо ще раз пізніше.</source>
        <translation>Sync failed. Changes are saved; we will try again later.</translation>
    </message>
</context>
</TS>
