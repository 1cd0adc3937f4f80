//! The words of the pages in Kazakh, Russian and English, written by hand, and the localized
//! formatting of dates, numbers and sizes.
//!
//! Templates read messages as `t.key`; handlers use [`msg`]. Every key has all three texts (a
//! test checks that none is empty and that the Kazakh and Russian texts are not left in
//! English). Messages with a `{name}` placeholder are filled in with [`msg_with`].
//!
//! This module knows nothing about HTTP or the store.

use crate::model::UiLang;

/// One message: key, Kazakh, Russian, English.
type Message = (&'static str, &'static str, &'static str, &'static str);

/// Keys whose text is the same in every language on purpose (names, codes).
pub const SAME_IN_ALL_LANGUAGES: &[&str] = &["lang_kk", "lang_ru", "lang_en", "corpus"];

#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    // Layout.
    ("skip_to_content", "Негізгі мазмұнға өту", "Перейти к содержанию", "Skip to content"),
    ("main_navigation", "Негізгі мәзір", "Главное меню", "Main navigation"),
    ("language", "Тіл", "Язык", "Language"),
    ("logout", "Шығу", "Выйти", "Log out"),
    ("footer_note", "ғылыми жұмыстардағы кірме мәтінді тексеру жүйесі", "система проверки научных работ на заимствования", "a plagiarism checker for theses"),
    ("lang_kk", "Қазақша", "Қазақша", "Қазақша"),
    ("lang_ru", "Русский", "Русский", "Русский"),
    ("lang_en", "English", "English", "English"),
    ("home", "Басты бет", "Главная", "Home"),
    ("go_back", "Артқа", "Назад", "Go back"),
    ("error_title", "Әрекет орындалмады", "Действие не выполнено", "Something went wrong"),
    ("error_code", "Қате коды", "Код ошибки", "Error code"),
    // Navigation and roles.
    ("nav_my_theses", "Менің жұмыстарым", "Мои работы", "My theses"),
    ("nav_review", "Тексеруге", "На проверку", "To review"),
    ("nav_theses", "Жұмыстар", "Работы", "Theses"),
    ("nav_dashboard", "Шолу", "Сводка", "Dashboard"),
    ("nav_admission", "Қорғауға жіберу", "Допуск к защите", "Admission"),
    ("nav_corpus", "Корпус", "Корпус", "Corpus"),
    ("nav_users", "Пайдаланушылар", "Пользователи", "Users"),
    ("role_student", "студент", "студент", "student"),
    ("role_supervisor", "ғылыми жетекші", "научный руководитель", "supervisor"),
    ("role_staff", "қызметкер", "сотрудник", "staff"),
    ("role_admin", "әкімші", "администратор", "administrator"),
    // Login.
    ("login_title", "Жүйеге кіру", "Вход в систему", "Log in"),
    ("login_intro", "Университет берген электрондық пошта мен құпиясөзді енгізіңіз.", "Введите адрес электронной почты и пароль, выданные университетом.", "Enter the e-mail address and password your university gave you."),
    ("email", "Электрондық пошта", "Электронная почта", "E-mail"),
    ("password", "Құпиясөз", "Пароль", "Password"),
    ("login", "Кіру", "Войти", "Log in"),
    // Theses.
    ("my_theses", "Менің жұмыстарым", "Мои работы", "My theses"),
    ("theses", "Жұмыстар", "Работы", "Theses"),
    ("thesis_title", "Жұмыстың тақырыбы", "Тема работы", "Title"),
    ("student", "Студент", "Студент", "Student"),
    ("supervisor", "Ғылыми жетекші", "Научный руководитель", "Supervisor"),
    ("state", "Күйі", "Статус", "State"),
    ("similarity", "Ұқсастық", "Сходство", "Similarity"),
    ("planned_defense", "Жоспарланған қорғау күні", "Плановая дата защиты", "Planned defense"),
    ("updated", "Өзгертілді", "Изменено", "Updated"),
    ("no_theses", "Әзірге жұмыс жоқ.", "Работ пока нет.", "No theses yet."),
    ("new_thesis", "Жаңа жұмыс тіркеу", "Зарегистрировать новую работу", "Register a new thesis"),
    ("programme", "Білім беру бағдарламасы", "Образовательная программа", "Programme"),
    ("thesis_language", "Жұмыстың тілі", "Язык работы", "Language of the thesis"),
    ("create", "Тіркеу", "Зарегистрировать", "Register"),
    ("timeline", "Жұмыстың барысы", "Ход работы", "Progress"),
    ("step_submitted", "Жіберілді", "Отправлена", "Submitted"),
    ("step_checked", "Тексерілді", "Проверена", "Checked"),
    ("step_decided", "Мақұлданды немесе қайтарылды", "Одобрена или возвращена", "Cleared or returned"),
    ("step_cleared", "Мақұлданды", "Одобрена", "Cleared"),
    ("step_returned", "Қайтарылды", "Возвращена", "Returned"),
    ("step_admitted", "Қорғауға жіберілді", "Допущена к защите", "Admitted to defense"),
    ("status_done", "орындалды", "выполнено", "done"),
    ("status_current", "қазіргі кезең", "текущий этап", "current step"),
    ("status_pending", "әлі алда", "впереди", "not yet"),
    ("open_report", "Есепті ашу", "Открыть отчёт", "Open the report"),
    ("report_hidden", "Ұйымның ережесі бойынша тексеру есебін студенттер көрмейді; нәтижесін ғылыми жетекшіңіз хабарлайды.", "По правилам организации студенты не видят отчёт о проверке; результат сообщит научный руководитель.", "Your institution does not show check reports to students; your supervisor will tell you the result."),
    ("report_not_ready", "Есеп тексеру аяқталған соң шығады.", "Отчёт появится после окончания проверки.", "The report appears when the check has finished."),
    ("upload_heading", "Жаңа нұсқаны жүктеу", "Загрузить новую версию", "Upload a new version"),
    ("upload_help", "PDF, DOCX немесе TXT, көлемі {limit} дейін. Жүктелген нұсқа бірден тексеріледі.", "PDF, DOCX или TXT, размером до {limit}. Загруженная версия сразу отправляется на проверку.", "PDF, DOCX or TXT, up to {limit}. The uploaded version is checked at once."),
    ("choose_file", "Файлды таңдаңыз", "Выберите файл", "Choose a file"),
    ("upload", "Жүктеу", "Загрузить", "Upload"),
    ("upload_progress", "Жүктеу барысы", "Ход загрузки", "Upload progress"),
    ("uploading", "Жүктелуде…", "Загрузка…", "Uploading…"),
    ("checking", "Файл жүктелді, тексерілуде…", "Файл загружен, идёт проверка…", "The file is uploaded and being checked…"),
    ("check_done", "Тексеру аяқталды.", "Проверка завершена.", "The check has finished."),
    ("upload_failed", "Файл жүктелмеді.", "Файл не загружен.", "The file was not uploaded."),
    ("versions", "Нұсқалар", "Версии", "Versions"),
    ("no_versions", "Әлі бірде-бір нұсқа жүктелмеген.", "Ещё не загружено ни одной версии.", "No version has been uploaded yet."),
    ("file", "Файл", "Файл", "File"),
    ("size", "Көлемі", "Размер", "Size"),
    ("uploaded", "Жүктелді", "Загружена", "Uploaded"),
    ("check", "Тексеру", "Проверка", "Check"),
    ("check_refused", "Қабылданбады", "Не принят", "Refused"),
    ("outcome_pending", "Кезекте", "В очереди", "Queued"),
    ("outcome_extracted", "Мәтін оқылды, тексеріліп жатыр", "Текст прочитан, идёт проверка", "Text read, the check is running"),
    ("list_filter", "Идентификатор, атау немесе автор бойынша", "По идентификатору, названию или автору", "By id, title or author"),
    ("all_kinds", "Барлық түрлері", "Все виды", "All kinds"),
    ("sort_by", "Сұрыптау", "Сортировка", "Sort by"),
    ("show", "Көрсету", "Показать", "Show"),
    ("pages_nav", "Беттер", "Страницы", "Pages"),
    ("previous_page", "Алдыңғы", "Назад", "Previous"),
    ("next_page", "Келесі", "Далее", "Next"),
    ("page", "Бет", "Страница", "Page"),
    ("all_faculties", "Барлық факультеттер", "Все факультеты", "All faculties"),
    ("all_states", "Барлық күйлер", "Все состояния", "All states"),
    ("all_years", "Барлық жылдар", "Все годы", "All years"),
    ("defense_year", "Қорғау жылы", "Год защиты", "Defense year"),
    ("above_only", "Тек шектен жоғары", "Только выше порога", "Above the threshold only"),
    ("theses_filter", "Атауы немесе студент бойынша", "По названию или студенту", "By title or student"),
    ("sort_default", "Әдепкі тәртіп", "По умолчанию", "Default order"),
    ("sort_updated", "Соңғы өзгеріс", "Последнее изменение", "Last change"),
    ("sort_defense", "Қорғау күні", "Дата защиты", "Defense date"),
    ("sort_similarity", "Ұқсастық (жоғарыдан)", "Сходство (по убыванию)", "Similarity (highest first)"),
    ("sort_queue", "Қорғауы жақын, содан соң ұқсастық", "Ближайшая защита, затем сходство", "Nearest defense, then similarity"),
    ("reset_filters", "Сүзгіні тазарту", "Сбросить фильтры", "Clear filters"),
    ("list_count", "Табылды", "Найдено", "Found"),
    ("others_more", "Тізім қысқартылды: толығын «Жұмыстар» бетінен қараңыз.", "Список сокращён: полный список — на странице «Работы».", "The list is shortened: see the full list on the Theses page."),
    ("rescan_theses", "Жұмыс нөмірлері (үтір арқылы)", "Номера работ (через запятую)", "Thesis numbers (comma-separated)"),
    ("rescan_choice_help", "Нөмірлер жазылса — тек сол жұмыстар; әйтпесе факультет таңдалса — сол факультет; әйтпесе жыл; бәрі бос болса — барлық жұмыстар.", "Если указаны номера — только эти работы; иначе, если выбран факультет — этот факультет; иначе год; если всё пусто — все работы.", "With numbers: only those theses; else with a faculty: that faculty; else the year; all empty: every thesis."),
    ("history", "Жұмыстың тарихы", "История работы", "History of the thesis"),
    ("history_help", "Жұмыспен болған әрбір өзгеріс: кім, қашан және қандай себеппен. Жазбалар өзгертілмейді.", "Каждое изменение работы: кто, когда и по какой причине. Записи не изменяются.", "Every change to the thesis: who, when and why. The entries cannot be altered."),
    ("when", "Уақыты", "Когда", "When"),
    ("who", "Кім", "Кто", "Who"),
    ("what", "Не болды", "Что произошло", "What happened"),
    ("details", "Толығырақ", "Подробности", "Details"),
    ("audit_thesis_created", "Жұмыс тіркелді", "Работа зарегистрирована", "Thesis registered"),
    ("audit_version_uploaded", "Нұсқа жүктелді", "Загружена версия", "Version uploaded"),
    ("audit_extraction_recorded", "Мәтін алынды", "Текст извлечён", "Text extracted"),
    ("audit_check_recorded", "Тексеру аяқталды", "Проверка завершена", "Check finished"),
    ("audit_thesis_cleared", "Қорғауға ұсынылды", "Рекомендована к защите", "Cleared for defense"),
    ("audit_thesis_returned", "Студентке қайтарылды", "Возвращена студенту", "Returned to the student"),
    ("audit_thesis_admitted", "Қорғауға жіберілді", "Допущена к защите", "Admitted to defense"),
    ("audit_exclusion", "Есептен шығару жазылды", "Записано исключение", "Exclusion recorded"),
    ("audit_corpus_change", "Корпус өзгерді", "Изменён корпус", "Corpus changed"),
    ("audit_other", "Өзгеріс", "Изменение", "Change"),
    ("count_source", "Есептеу: дереккөз", "Учитывать источник", "Count source"),
    ("exclusion_reason", "Шешімнің себебі (міндетті емес, журналда сақталады)", "Причина (необязательно, сохраняется в журнале)", "Reason (optional, kept in the audit log)"),
    ("outcome_checked", "Тексерілді", "Проверено", "Checked"),
    ("outcome_similarity", "Тексерілді: ұқсастық {percent}", "Проверено: совпадения {percent}", "Checked: similarity {percent}"),
    ("outcome_checked_hidden", "Тексерілді; есепті жетекші қарайды", "Проверено; отчёт рассмотрит руководитель", "Checked; your supervisor will review the report"),
    ("outcome_superseded", "Тексерілмеді: жаңа нұсқа жүктелді", "Не проверялась: загружена новая версия", "Not checked: a newer version was uploaded"),
    ("passage_excluded", "Есептелмейді", "Не учитывается", "Not counted"),
    ("exclude_passage", "Есептен шығару: үзінді", "Не учитывать фрагмент", "Leave out passage"),
    ("restore_passage", "Қайта есептеу: үзінді", "Снова учитывать фрагмент", "Count again passage"),
    ("comments", "Жетекшінің пікірлері", "Комментарии руководителя", "Comments from the supervisor"),
    ("comment_label", "Студентке пікір", "Комментарий студенту", "Comment to the student"),
    ("comment_send", "Пікірді жіберу", "Отправить комментарий", "Send the comment"),
    ("comment_on_version", "нұсқа {number}", "версия {number}", "version {number}"),
    ("flash_commented", "Пікір сақталды; студент оны жұмыс бетінде көреді.", "Комментарий сохранён; студент увидит его на странице работы.", "The comment is saved; the student sees it on the thesis page."),
    ("notifications", "Хабарламалар", "Уведомления", "Notifications"),
    ("mark_read", "Оқылды деп белгілеу", "Отметить прочитанным", "Mark as read"),
    ("mark_all_read", "Барлығын оқылды деп белгілеу", "Отметить все прочитанными", "Mark all as read"),
    ("unread", "Жаңа", "Новое", "New"),
    ("no_notifications", "Хабарлама жоқ.", "Уведомлений нет.", "No notifications."),
    ("audit_comment", "Жетекшінің пікірі", "Комментарий руководителя", "Comment from the supervisor"),
    ("report", "Есеп", "Отчёт", "Report"),
    ("decisions", "Шешімдер", "Решения", "Decisions"),
    ("decision_cleared", "Мақұлданды", "Одобрена", "Cleared"),
    ("decision_returned", "Қайтарылды", "Возвращена", "Returned"),
    ("decision_admitted", "Қорғауға жіберілді", "Допущена к защите", "Admitted to defense"),
    ("decision_heading", "Ғылыми жетекшінің шешімі", "Решение научного руководителя", "Supervisor's decision"),
    ("decision", "Шешім", "Решение", "Decision"),
    ("decision_clear", "Мақұлдау (қорғауға ұсыну)", "Одобрить (рекомендовать к защите)", "Clear (recommend for defense)"),
    ("decision_return", "Пысықтауға қайтару", "Вернуть на доработку", "Return for revision"),
    ("decision_text", "Себебі немесе негіздемесі", "Причина или обоснование", "Reason or justification"),
    ("decision_help", "Қайтарғанда себебін жазу міндетті; ұқсастық шектен асса, мақұлдау үшін негіздеме керек.", "При возврате причина обязательна; если сходство выше порога, для одобрения нужно обоснование.", "A return needs a reason; above the threshold a clearance needs a justification."),
    ("decision_submit", "Шешімді сақтау", "Сохранить решение", "Save the decision"),
    ("threshold_note", "Ұйымның шегі: {threshold}. Бұл жұмыстың ұқсастығы: {similarity}.", "Порог организации: {threshold}. Сходство этой работы: {similarity}.", "The institution's threshold: {threshold}. This thesis: {similarity}."),
    ("admission", "Қорғауға жіберу", "Допуск к защите", "Admission to defense"),
    ("admit", "Қорғауға жіберу", "Допустить к защите", "Admit to defense"),
    // Review queue.
    ("review_queue", "Тексеруді күтетін жұмыстар", "Работы, ожидающие проверки", "Theses to review"),
    ("review_queue_help", "Алдымен қорғауы жақын, содан соң ұқсастығы жоғары жұмыстар.", "Сначала работы с ближайшей защитой, затем с наибольшим сходством.", "Nearest defense first, then the highest similarity."),
    ("queue_empty", "Тексеруді күтетін жұмыс жоқ.", "Нет работ, ожидающих проверки.", "Nothing is waiting for review."),
    ("no_other_theses", "Басқа жұмыс жоқ.", "Других работ нет.", "No other theses."),
    ("all_theses", "Студенттеріңіздің басқа жұмыстары", "Другие работы ваших студентов", "Other theses of your students"),
    ("above_threshold", "шектен жоғары", "выше порога", "above threshold"),
    // Report.
    ("similarity_report", "Ұқсастық есебі", "Отчёт о проверке на заимствования", "Similarity report"),
    ("version", "Нұсқа", "Версия", "Version"),
    ("checked_at", "тексерілген уақыты", "проверена", "checked"),
    ("print", "Басып шығару / PDF", "Печать / PDF", "Print / PDF"),
    ("export_html", "HTML есебін жүктеп алу", "Скачать отчёт в HTML", "Download the HTML report"),
    ("figures", "Көрсеткіштер", "Показатели", "Figures"),
    ("borrowings", "Кірме мәтін", "Заимствования", "Borrowings"),
    ("citations", "Дәйексөздер", "Цитирования", "Citations"),
    ("self_citations", "Өз еңбегінен алу", "Самоцитирования", "Self-citations"),
    ("originality", "Түпнұсқалық", "Оригинальность", "Originality"),
    ("counted_words", "Есептелген сөздер", "Учтено слов", "Words counted"),
    ("submission_text", "Жұмыстың мәтіні", "Текст работы", "Text of the work"),
    ("report_panels", "Дереккөздер мен ескертулер", "Источники и предупреждения", "Sources and alerts"),
    ("sources", "Дереккөздер", "Источники", "Sources"),
    ("sources_help", "Белгіні алып тастасаңыз, дереккөз есептен шығады; көрсеткіштер бірден қайта есептеледі.", "Снимите отметку, чтобы исключить источник; показатели пересчитаются сразу.", "Untick a source to exclude it; the figures are recomputed at once."),
    ("options", "Есептеу параметрлері", "Параметры подсчёта", "What counts"),
    ("exclude_quotes", "Сілтемесі бар дәйексөздерді кірме мәтін деп санамау", "Не считать цитаты со ссылкой заимствованиями", "Do not count quotations with a reference as borrowings"),
    ("exclude_bibliography", "Әдебиеттер тізімін есептемеу", "Не учитывать список литературы", "Leave out the bibliography"),
    ("exclude_small", "Қысқа сәйкестіктерді елемеу", "Не учитывать короткие совпадения", "Ignore small matches"),
    ("min_match_words", "Ең қысқа ескерілетін сәйкестік, сөз", "Минимальная длина совпадения, слов", "Shortest match counted, words"),
    ("apply", "Қолдану", "Применить", "Apply"),
    ("figures_updated", "Көрсеткіштер жаңартылды.", "Показатели обновлены.", "The figures were updated."),
    ("save_failed", "Өзгеріс сақталмады.", "Изменение не сохранено.", "The change was not saved."),
    ("no_sources", "Корпустан сәйкес мәтін табылмады.", "Совпадений с корпусом не найдено.", "No matching text was found in the corpus."),
    ("alerts", "Ескертулер", "Предупреждения", "Alerts"),
    ("no_alerts", "Күдікті әдістер табылмады.", "Подозрительных приёмов не найдено.", "No tricks were found."),
    ("alert_count", "таңба саны: {count}", "символов: {count}", "characters: {count}"),
    ("passages", "Сәйкес үзінділер", "Совпадающие фрагменты", "Matching passages"),
    ("passages_help", "Үзіндіні ашсаңыз, жұмыстағы мәтін мен дереккөздегі мәтін қатар көрсетіледі; екі жақта түбірі бірдей сөздердің асты сызылған.", "Откройте фрагмент, чтобы сравнить текст работы и источника рядом; слова с общей основой на обеих сторонах подчёркнуты.", "Open a passage to compare the work and the source side by side; words with the same stem on both sides are underlined."),
    ("in_submission", "Жұмыста", "В работе", "In the work"),
    ("in_source", "Дереккөзде", "В источнике", "In the source"),
    ("show_in_text", "Мәтіннен көрсету", "Показать в тексте", "Show in the text"),
    ("about_check", "Тексеру туралы", "О проверке", "About this check"),
    ("provenance", "Adal {version}; корпуста {documents} құжат (нұсқасы {corpus}); тексеру {seconds} с созылды.", "Adal {version}; документов в корпусе: {documents} (версия {corpus}); проверка заняла {seconds} с.", "Adal {version}; {documents} documents in the corpus (version {corpus}); the check took {seconds} s."),
    ("words_n", "{n} сөз", "слов: {n}", "{n} words"),
    // Staff.
    ("dashboard", "Шолу", "Сводка", "Dashboard"),
    ("theses_by_state", "Жұмыстар күйі бойынша", "Работы по статусам", "Theses by state"),
    ("corpus_join_stalled", "Қорғауға жіберілген бұл жұмыстар корпусқа қосылмай тұр (олардың идентификаторын басқа құжат алып қойған; сол құжатты корпустан алып тастаңыз, жұмыс өзі қайта қосылады):", "Эти допущенные к защите работы не удаётся добавить в корпус (их идентификатор занят другим документом; удалите его из корпуса, и работа будет добавлена автоматически):", "These admitted theses cannot join the corpus (another document holds their id; remove it from the corpus and the thesis joins by itself):"),
    ("above_threshold_heading", "Ұқсастығы шектен жоғары жұмыстар", "Работы со сходством выше порога", "Theses above the threshold"),
    ("none_above", "Шектен асқан жұмыс жоқ.", "Работ выше порога нет.", "No thesis is above the threshold."),
    ("rescan", "Қайта тексеру", "Повторная проверка", "Rescan"),
    ("rescan_help", "Корпус толықтырылғаннан кейін жұмыстарды жаппай қайта тексеру. Барысы осы бетте көрінеді.", "Массовая повторная проверка работ после пополнения корпуса. Ход виден на этой странице.", "Check the theses again after the corpus has grown. The progress shows on this page."),
    ("rescan_year", "Қорғау жылы (бос болса — барлығы)", "Год защиты (пусто — все)", "Defense year (empty: all)"),
    ("rescan_all", "барлығы", "все", "all"),
    ("rescan_start", "Қайта тексеруді бастау", "Начать повторную проверку", "Start the rescan"),
    ("rescans", "Қайта тексерулер", "Повторные проверки", "Rescans"),
    ("no_rescans", "Қайта тексеру әлі жүргізілмеген.", "Повторных проверок ещё не было.", "No rescan has been run yet."),
    ("progress", "Барысы", "Ход выполнения", "Progress"),
    ("job_done", "Аяқталды", "Завершено", "Finished"),
    ("job_running", "Орындалуда", "Выполняется", "Running"),
    ("job_failed", "Қатемен аяқталды", "Завершено с ошибкой", "Failed"),
    ("job_queued", "Кезекте", "В очереди", "Queued"),
    ("summary_csv", "Өзгерістер (CSV)", "Изменения (CSV)", "Changes (CSV)"),
    ("admission_list", "Қорғауға жіберілетіндер тізімі", "Список допуска к защите", "Defense admission list"),
    ("admission_empty", "Тізім әзірге бос.", "Список пока пуст.", "The list is empty for now."),
    ("export_csv", "CSV ретінде жүктеп алу", "Скачать в CSV", "Download as CSV"),
    ("faculty", "Факультет", "Факультет", "Faculty"),
    ("actions", "Әрекеттер", "Действия", "Actions"),
    ("corpus", "Корпус", "Корпус", "Corpus"),
    ("corpus_upload", "Құжат қосу", "Добавить документ", "Add a document"),
    ("doc_title", "Атауы", "Название", "Title"),
    ("authors", "Авторлары", "Авторы", "Authors"),
    ("year", "Жылы", "Год", "Year"),
    ("kind", "Түрі", "Тип", "Kind"),
    ("kind_thesis", "диплом/диссертация", "ВКР/диссертация", "thesis"),
    ("kind_article", "мақала", "статья", "article"),
    ("kind_web", "веб-бет", "веб-страница", "web page"),
    ("kind_other", "басқа", "другое", "other"),
    ("search", "Іздеу", "Поиск", "Search"),
    ("search_words", "Ізделетін сөздер", "Слова для поиска", "Words to search for"),
    ("nothing_found", "Ештеңе табылмады.", "Ничего не найдено.", "Nothing was found."),
    ("documents", "Құжаттар", "Документы", "Documents"),
    ("words", "Сөздер", "Слов", "Words"),
    ("template", "үлгі", "шаблон", "template"),
    ("mark_template", "Үлгі деп белгілеу", "Отметить как шаблон", "Mark as template"),
    ("unmark_template", "Үлгі емес", "Не шаблон", "Not a template"),
    ("remove", "Жою", "Удалить", "Remove"),
    ("confirm_remove", "Құжатты корпустан жою керек пе?", "Удалить документ из корпуса?", "Remove the document from the corpus?"),
    ("users", "Пайдаланушылар", "Пользователи", "Users"),
    ("name", "Аты-жөні", "ФИО", "Name"),
    ("role", "Рөлі", "Роль", "Role"),
    ("active", "Белсенді", "Активен", "Active"),
    ("yes", "иә", "да", "yes"),
    ("no", "жоқ", "нет", "no"),
    ("my_account", "Менің есептік жазбам", "Моя учётная запись", "My account"),
    ("change_password", "Құпиясөзді өзгерту", "Сменить пароль", "Change password"),
    ("change_password_help", "Құпиясөз өзгергенде барлық құрылғыдағы кірулер жабылады; жаңа құпиясөзбен қайта кіресіз.", "После смены пароля все сеансы на всех устройствах закрываются; войдите снова с новым паролем.", "Changing the password ends every session on every device; you log in again with the new one."),
    ("current_password", "Қазіргі құпиясөз", "Текущий пароль", "Current password"),
    ("new_password", "Жаңа құпиясөз (кемінде 8 таңба)", "Новый пароль (не менее 8 символов)", "New password (at least 8 characters)"),
    ("repeat_password", "Жаңа құпиясөзді қайталаңыз", "Повторите новый пароль", "Repeat the new password"),
    ("set_new_password", "Жаңа құпиясөз орнату", "Задать новый пароль", "Set a new password"),
    ("reset_link", "Құпиясөз сілтемесі", "Ссылка для пароля", "Password link"),
    ("reset_link_once", "Бұл бір реттік сілтеме тек қазір көрсетіледі және 72 сағат жарамды. Оны пайдаланушыға беріңіз: ол сілтеме арқылы өз құпиясөзін орнатады.", "Эта одноразовая ссылка показывается только сейчас и действует 72 часа. Передайте её пользователю: по ней он задаст свой пароль.", "This one-time link is shown only now and works for 72 hours. Hand it to the user: with it they set their own password."),
    ("create_user", "Пайдаланушы қосу", "Добавить пользователя", "Add a user"),
    ("deactivate", "Өшіру", "Отключить", "Deactivate"),
    ("activate", "Қосу", "Включить", "Activate"),
    ("flash_password_changed", "Құпиясөз өзгертілді. Жаңа құпиясөзбен кіріңіз.", "Пароль изменён. Войдите с новым паролем.", "The password was changed. Please log in with the new one."),
    ("flash_password_set", "Құпиясөз орнатылды. Енді кіре аласыз.", "Пароль задан. Теперь можно войти.", "The password is set. You can log in now."),
    ("flash_user_deactivated", "Есептік жазба өшірілді; оның барлық кірулері жабылды.", "Учётная запись отключена; все её сеансы закрыты.", "The account was deactivated; all its sessions ended."),
    ("flash_user_activated", "Есептік жазба қайта қосылды.", "Учётная запись снова включена.", "The account was activated again."),
    ("import_users", "Пайдаланушыларды CSV-дан жүктеу", "Импорт пользователей из CSV", "Import users from CSV"),
    ("import_help", "Жолдар: аты-жөні, пошта, рөлі (student, supervisor, staff), факультеті, жетекшінің поштасы.", "Строки: ФИО, почта, роль (student, supervisor, staff), факультет, почта руководителя.", "Rows: name, e-mail, role (student, supervisor, staff), faculty, supervisor's e-mail."),
    ("csv_file", "CSV файлы", "CSV-файл", "CSV file"),
    ("import", "Жүктеу", "Импортировать", "Import"),
    ("imported_users", "Қосылған пайдаланушылар", "Добавленные пользователи", "Users added"),
    ("passwords_once", "Уақытша құпиясөздер тек қазір көрсетіледі: оларды пайдаланушыларға беріңіз.", "Временные пароли показаны только сейчас: передайте их пользователям.", "The temporary passwords are shown only now: hand them to the users."),
    ("nav_settings", "Баптаулар", "Настройки", "Settings"),
    ("settings", "Ұйымның баптаулары", "Настройки организации", "Institution settings"),
    ("threshold_label", "Ұқсастық шегі, %", "Порог сходства, %", "Similarity threshold, %"),
    ("threshold_help", "Ұқсастығы осы шектен жоғары жұмысты мақұлдау үшін жазбаша негіздеме керек.", "Чтобы одобрить работу со сходством выше порога, нужно письменное обоснование.", "Clearing a thesis above this figure needs a written justification."),
    ("students_see_reports_label", "Студенттер өз жұмысының тексеру есебін көре алады", "Студенты видят отчёт о проверке своей работы", "Students may read the check report of their thesis"),
    ("corpus_join_label", "Жұмыс корпусқа қашан қосылады", "Когда работа попадает в корпус", "When a thesis joins the corpus"),
    ("corpus_join_on_admission", "Қорғауға жіберілгенде", "При допуске к защите", "When it is admitted to defense"),
    ("corpus_join_on_clearance", "Мақұлданғанда", "При одобрении", "When it is cleared"),
    ("save", "Сақтау", "Сохранить", "Save"),
    // Messages after an action.
    ("flash_created", "Жұмыс тіркелді. Енді файлын жүктеңіз.", "Работа зарегистрирована. Теперь загрузите файл.", "The thesis is registered. Now upload its file."),
    ("flash_uploaded", "Файл жүктелді және тексеруге жіберілді.", "Файл загружен и отправлен на проверку.", "The file was uploaded and sent for checking."),
    ("flash_cleared", "Жұмыс мақұлданды.", "Работа одобрена.", "The thesis was cleared."),
    ("flash_returned", "Жұмыс студентке қайтарылды.", "Работа возвращена студенту.", "The thesis was returned to the student."),
    ("flash_admitted", "Жұмыс қорғауға жіберілді.", "Работа допущена к защите.", "The thesis was admitted to defense."),
    ("flash_exclusions", "Көрсеткіштер қайта есептелді.", "Показатели пересчитаны.", "The figures were recomputed."),
    ("flash_rescan", "Қайта тексеру басталды.", "Повторная проверка запущена.", "The rescan has started."),
    ("flash_corpus_added", "Құжат корпусқа қосылды.", "Документ добавлен в корпус.", "The document was added to the corpus."),
    ("flash_corpus_removed", "Құжат корпустан жойылды.", "Документ удалён из корпуса.", "The document was removed from the corpus."),
    ("flash_settings", "Баптаулар сақталды.", "Настройки сохранены.", "The settings were saved."),
    ("flash_template", "Құжаттың белгісі өзгертілді.", "Отметка документа изменена.", "The document's mark was changed."),
];

/// The message of `key` in `lang`; the key itself when it is missing (tests prevent that).
pub fn msg(lang: UiLang, key: &str) -> &'static str {
    MESSAGES
        .iter()
        .find(|message| message.0 == key)
        .map(|&(_, kk, ru, en)| match lang {
            UiLang::Kk => kk,
            UiLang::Ru => ru,
            UiLang::En => en,
        })
        .unwrap_or("?")
}

/// The message of `key` with its `{name}` placeholders replaced.
pub fn msg_with(lang: UiLang, key: &str, values: &[(&str, &str)]) -> String {
    let mut text = msg(lang, key).to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// All messages of a language as a JSON object, for templates (`t.key`).
pub fn table(lang: UiLang) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = MESSAGES
        .iter()
        .map(|&(key, ..)| (key.to_string(), serde_json::Value::from(msg(lang, key))))
        .collect();
    serde_json::Value::Object(map)
}

const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar day for people: "26 қараша 2026", "26 ноября 2026", "26 November 2026".
pub fn format_date(lang: UiLang, year: i32, month: u8, day: u8) -> String {
    let index = usize::from(month.clamp(1, 12) - 1);
    let month_name = match lang {
        UiLang::Kk => MONTHS_KK[index],
        UiLang::Ru => MONTHS_RU[index],
        UiLang::En => MONTHS_EN[index],
    };
    format!("{day} {month_name} {year}")
}

/// Offset of the time shown on the pages: Kazakhstan's single time zone (UTC+5 since 2024).
const DISPLAY_OFFSET_MS: i64 = 5 * 3_600_000;

/// The civil date (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u8;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u8;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// A moment (unix milliseconds) for people, in Kazakhstan time: "26 қараша 2026, 14:05".
pub fn format_time(lang: UiLang, unix_ms: i64) -> String {
    let local = unix_ms + DISPLAY_OFFSET_MS;
    let days = local.div_euclid(86_400_000);
    let minutes_of_day = local.rem_euclid(86_400_000) / 60_000;
    let (year, month, day) = civil_from_days(days);
    format!("{}, {:02}:{:02}", format_date(lang, year, month, day), minutes_of_day / 60, minutes_of_day % 60)
}

/// A number with one decimal, a percentage, a grouped count: `report::numbers`, the one
/// formatter of the pages, the HTML report and the CLI.
pub use crate::report::numbers::{
    count as format_count, decimal as format_decimal, percent as format_percent,
};

/// A file size: "1,2 MB" / "1.2 MB", kilobytes below a megabyte.
pub fn format_size(lang: UiLang, bytes: u64) -> String {
    let (kb, mb) = match lang {
        UiLang::Kk => ("КБ", "МБ"),
        UiLang::Ru => ("КБ", "МБ"),
        UiLang::En => ("KB", "MB"),
    };
    if bytes >= 1_000_000 {
        format!("{}\u{a0}{mb}", format_decimal(lang, bytes as f64 / 1_000_000.0))
    } else {
        format!("{}\u{a0}{kb}", bytes.div_ceil(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_three_non_empty_texts_and_unique_keys() {
        let mut keys = std::collections::HashSet::new();
        for &(key, kk, ru, en) in MESSAGES {
            assert!(keys.insert(key), "duplicate key {key}");
            assert!(!kk.trim().is_empty() && !ru.trim().is_empty() && !en.trim().is_empty(), "{key}");
        }
    }

    #[test]
    fn kazakh_and_russian_texts_are_not_left_in_english() {
        for &(key, kk, ru, en) in MESSAGES {
            if SAME_IN_ALL_LANGUAGES.contains(&key) {
                continue;
            }
            assert_ne!(kk, en, "the Kazakh text of {key} is the English one");
            assert_ne!(ru, en, "the Russian text of {key} is the English one");
            // A Kazakh or Russian text is written in Cyrillic (codes like CSV or PDF may stay).
            for text in [kk, ru] {
                assert!(text.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)), "{key}: {text}");
            }
        }
    }

    #[test]
    fn kazakh_texts_use_kazakh_letters_somewhere() {
        // Catches a table filled with Russian in the Kazakh column.
        let kazakh_letters = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];
        let with_kazakh =
            MESSAGES.iter().filter(|(_, kk, ..)| kk.chars().any(|c| kazakh_letters.contains(&c))).count();
        assert!(with_kazakh * 2 > MESSAGES.len(), "{with_kazakh} of {}", MESSAGES.len());
    }

    #[test]
    fn placeholders_are_the_same_in_every_language() {
        let placeholders = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}'))
                .map(|(name, _)| name.to_string())
                .collect();
            names.sort();
            names
        };
        for &(key, kk, ru, en) in MESSAGES {
            assert_eq!(placeholders(kk), placeholders(en), "{key}");
            assert_eq!(placeholders(ru), placeholders(en), "{key}");
        }
    }

    #[test]
    fn dates_numbers_and_sizes_are_localized() {
        assert_eq!(format_date(UiLang::Kk, 2026, 11, 26), "26 қараша 2026");
        assert_eq!(format_date(UiLang::Ru, 2026, 11, 26), "26 ноября 2026");
        assert_eq!(format_date(UiLang::En, 2026, 11, 26), "26 November 2026");
        // 2026-11-26 09:05 UTC is 14:05 in Kazakhstan.
        assert_eq!(format_time(UiLang::Ru, 1_795_683_900_000), "26 ноября 2026, 14:05");
        assert_eq!(format_time(UiLang::En, 0), "1 January 1970, 05:00");
        assert_eq!(format_percent(UiLang::Kk, 12.5), "12,5\u{a0}%");
        assert_eq!(format_percent(UiLang::En, 12.5), "12.5%");
        assert_eq!(format_count(UiLang::En, 1_234_567), "1,234,567");
        assert_eq!(format_count(UiLang::Ru, 12_345), "12\u{202f}345");
        assert_eq!(format_count(UiLang::Kk, 999), "999");
        assert_eq!(format_size(UiLang::Ru, 2_500_000), "2,5\u{a0}МБ");
        assert_eq!(format_size(UiLang::En, 20_000), "20\u{a0}KB");
    }
}
