## Surveys
nav-surveys = Surveys
surveys-title = Surveys
surveys-new = New survey
surveys-create = Create survey
surveys-settings = Survey settings
surveys-empty = Before the workshop, ask employees about their expectations, worries, meeting habits and needs. Their answers show where to start — and involving them is half the rollout.
surveys-status = Status
surveys-open-period = Open
surveys-responses = Responses
surveys-invited = Invited
surveys-rate = Response rate
surveys-responses-of = { $responses } of { $invited }
surveys-anonymous = anonymous
surveys-anonymous-min = anonymous; groups below { $size } responses are not shown
surveys-named = answers are shown with names
survey-status-scheduled = not open yet
survey-status-open = open
survey-status-closed = closed
survey-template-title = Before we start with OKRs
surveys-start-from = Start from
surveys-template-pre-workshop = The pre-workshop survey (expectations, worries, meeting habits, OKR experience, needs)
surveys-template-blank = An empty survey
surveys-questions-language = Language of the questions
surveys-intro = Introduction
surveys-intro-hint = Shown at the top of the survey and in the invitation: why you ask, and what happens with the answers.
surveys-anonymous-label = Anonymous answers
surveys-anonymous-hint = Recommended. Answers are stored without any link to the person; results are shown only for groups with enough responses.
surveys-min-group = Smallest group to show results for
surveys-min-group-hint = Teams with fewer responses are combined into "other teams".
surveys-opens_on = Opens
surveys-closes_on = Closes
surveys-reminder-days = Automatic reminder, days before closing
surveys-reminder-hint = Those who have not answered get one reminder this many days before the survey closes. 0 turns it off.
surveys-rollout = Part of rollout
surveys-no-rollout = No rollout
surveys-results = Results
surveys-invite = Invite
surveys-invite-hint = Everyone invited gets an email with a personal link, in their own language. People already invited are skipped.
surveys-invite-people = Individual people (hold Ctrl or ⌘ to choose several)
surveys-send-invitations = Send invitations
surveys-remind-now = Remind the { $count } who have not answered
surveys-reminder-auto = An automatic reminder goes out { $days } days before closing.
surveys-reminder-sent = The automatic reminder went out on { $date }.
surveys-questions = Questions
surveys-questions-locked = Invitations have gone out, so the questions can no longer change.
surveys-no-questions = No questions yet. Add the first one below.
surveys-add-question = Add a question
surveys-edit-question = Edit question
surveys-prompt = Question
surveys-kind = Answer type
surveys-options = Choices
surveys-options-hint = For single and multiple choice: one choice per line (2–12).
surveys-required = required
surveys-required-label = An answer is required
surveys-delete-question-confirm = Yes, delete this question
surveys-close = Close the survey…
surveys-close-body = Nobody can answer after this; the links stop working. The results stay.
surveys-close-confirm = Close the survey now
surveys-back = Back to the survey
surveys-export-csv = Download CSV
surveys-rate-by-team = Response rate by team
survey-no-team = No team
surveys-too-few = Results appear when at least { $size } people have answered, so that nobody can be recognised.
survey-group-all = Everyone
survey-group-other = Other teams
surveys-groups = Groups
surveys-groups-hint = Teams with fewer than { $size } responses are only counted in "other teams" and "everyone".
surveys-answered = { $count ->
    [one] 1 answer
   *[other] { $count } answers
}
surveys-average = average { $value }
surveys-answer = Answer
surveys-chart = Share of answers
surveys-no-texts = No written answers.
question-kind-scale = Scale 1–5
question-kind-single = Single choice
question-kind-multiple = Multiple choice
question-kind-text = Free text
field-intro-length = The introduction can have at most 4,000 characters.
field-min-group-size = Choose a number between 3 and 50: in a smaller group people can recognise each other's answers.
field-reminder-days = Choose between 0 and 30 days.
field-rollout-unknown = Choose a rollout from the list.
field-anonymity-locked = Invitations have gone out, so anonymity cannot change.
field-min-group-locked = Invitations have gone out, so the smallest group can only grow.
field-prompt-length = Write a question of at most 500 characters.
field-options = Give between 2 and 12 choices, one per line, each at most 200 characters.
field-questions-locked = Invitations have gone out, so the questions can no longer change.
field-choose-invitees = Choose at least one team or person.
field-survey-closed = The survey is closed.
field-survey-not-open = Reminders can only go out while the survey is open.
field-too-few-responses = There are too few responses to export without risking anonymity.
flash-survey-created = { $title } was created. Check the questions, then invite people.
flash-survey-saved = The survey settings were saved.
flash-survey-closed = The survey is closed.
flash-invitations-queued = { $count ->
    [0] Nobody new to invite: everyone chosen is invited already.
    [one] 1 invitation is on its way.
   *[other] { $count } invitations are on their way.
}
flash-reminders-queued = { $count ->
    [0] Everyone invited has answered.
    [one] 1 reminder is on its way.
   *[other] { $count } reminders are on their way.
}
flash-question-saved = The question was saved.
flash-question-moved = The question was moved.
flash-question-deleted = The question was deleted.

## Answering
answer-anonymous-title = This survey is anonymous.
answer-anonymous-body = Your answers are stored without your name or any link to you. Results are only shown for groups of several people.
answer-named-title = This survey is not anonymous.
answer-named-body = The organisers can see your name next to your answers.
answer-closes = Open until { $date }.
answer-has-errors = { $count ->
    [one] One question needs your attention:
   *[other] { $count } questions need your attention:
}
answer-optional = optional
answer-choose-any = Choose all that apply.
answer-submit = Send my answers
answer-required = Please answer this question.
answer-invalid = Please choose one of the answers shown.
answer-too-long = Please keep the answer under 4,000 characters.
survey-thanks-title = Thank you!
survey-thanks = Your answers are saved. They help shape how your organisation works with OKRs.
survey-link-title = This survey link cannot be used
survey-link-unknown = We do not recognise this link. Check that you copied the whole address from the email.
survey-link-used = This link has been used: the answers were sent. Each invitation can answer once.
survey-link-not-open = The survey opens on { $date }. Come back then.
survey-link-closed = The survey closed on { $date }. Thank you for your interest.
mail-survey-subject = Your thoughts on OKRs: { $title }
mail-survey-reminder-subject = Reminder: { $title }
mail-survey-body = { $org } is starting with OKRs and would like to hear from you first: { $title }. It takes about five minutes.
mail-survey-reminder-body = A friendly reminder: { $org } would still like your thoughts in "{ $title }". The survey closes on { $closes }.
mail-survey-anonymous = The survey is anonymous: your answers are stored without your name.
mail-survey-named = The survey is not anonymous: the organisers will see your name with your answers.
mail-survey-link = Answer here (open until { $closes }):
mail-survey-button = Answer the survey
mail-survey-personal = The link is personal; please do not share it.
surveys-results-after-close = Results appear when the survey has closed ({ $date }): answers shown while people are still answering could reveal who said what.
field-results-after-close = Results are available once the survey has closed.
pulse-title = Run it again as a pulse survey
pulse-hint = The same questions and anonymity, for comparing with this survey: at 6 and 12 months after the workshop, is the routine taking hold?
pulse-default-title = { $title } (pulse)
pulse-opens = Opens on
pulse-closes = Closes on
pulse-create = Create the pulse survey
flash-pulse-created = Pulse survey created with the same questions. Invite people when it is time.
pulse-compare = Compared with the baseline
pulse-against = Against “{ $baseline }” (from { $opens })
pulse-baseline-responses = answers to the baseline
pulse-pulse-responses = answers to the pulse
pulse-baseline = Baseline
pulse-pulse = Pulse
pulse-not-yet = The comparison shows once both surveys have closed and each has at least { $size } answers (the same anonymity rule as their results).
pulse-texts = Free-text answers: { $baseline } then, { $pulse } now. Read them in each survey's results.
field-survey-final = Results have been shown, so this survey is final: it cannot open again, close later, invite more people or send reminders, because one more answer would show up as a difference in the results. To ask again, make a new survey (for example "Run it again as a pulse survey").
surveys-final-note = Results have been shown, so this survey is final: no new invitations, reminders or later closing date. To ask again, run it again as a pulse survey below.
surveys-export-texts = Download written answers (CSV)
surveys-rates-hint = Teams with fewer than { $size } invited are counted together under "other teams", so that no rate tells whether one person answered.
survey-csv-group = Group
survey-csv-number = No.
survey-csv-question = Question
survey-csv-count = Count
survey-csv-percent = Percent
survey-csv-average = Average
survey-csv-free-text = (written answers: see the written answers file)
