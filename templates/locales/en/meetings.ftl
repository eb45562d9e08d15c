meetings-title = Meetings · { $team }
meetings-series = Meeting series
meetings-no-series = No meeting series yet. A short weekly OKR results meeting (15 minutes) and a quarterly OKR meeting make the routine: start with the weekly one.
meetings-new-series = New meeting series
meetings-create-series = Create series
meetings-kind = Meeting
meetings-weekday = Day
meetings-time = Time
meetings-duration = Length in minutes
meetings-starts-on = First day
meetings-ends-on = Last day (optional)
meetings-minutes = { $n } min
meetings-from = from { $date }
meetings-until = until { $date }
meetings-end-series = End after today
meetings-list = Last four weeks and the next eight
meetings-when = When
meetings-state = Status
meetings-none = No meetings in this window.
meetings-all = All meetings
meetings-agenda = Agenda
meetings-attendance = Attendance
meetings-no-members = The team has no members on this day.
meetings-key-results = Key results for { $period }
meetings-no-okrs = The team has no active objectives for { $period }.
meetings-check-ins-made = { $count ->
    [one] One check-in was made in this meeting.
   *[other] { $count } check-ins were made in this meeting.
}
meetings-notes = Notes
meetings-decisions = Decisions
meetings-mark-held = Save and mark as held
meetings-change = Move or cancel this meeting
meetings-move-to = New day
meetings-move = Move
meetings-cancel = Cancel this meeting
meetings-restore = Bring it back

series-kind-weekly_results = Weekly OKR results meeting
series-kind-quarterly = { $periods ->
    [tertials] Tertial OKR meeting
    [halves] Half-year OKR meeting
   *[quarters] Quarterly OKR meeting
}

meeting-state-scheduled = Scheduled
meeting-state-held = Held
meeting-state-missed = Missed
meeting-state-cancelled = Cancelled

presence-present = Present
presence-absent = Absent
presence-excused = Excused

weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

agenda-weekly-check-ins = Check in on each key result: the new value and how confident you are.
agenda-weekly-blockers = Blockers: what stands in the way, and who can help?
agenda-weekly-priorities = Priorities for the week that move the key results.
agenda-quarterly-score = Score the period: where did each key result end, and what did we learn?
agenda-quarterly-retro = Retrospective: what worked in our OKR routine, what should change?
agenda-quarterly-next = Draft next period's objectives and key results.

flash-series-created = Meeting series created; the meetings are in the list.
flash-series-ended = The series ends today; later meetings are removed.
flash-meeting-saved = Meeting saved.
flash-meeting-held = Meeting saved and marked as held.
flash-meeting-cancelled = Meeting cancelled.
flash-meeting-restored = The meeting is back on.
flash-meeting-moved = Meeting moved.
flash-meeting-held-stays = A meeting that was held cannot be cancelled.

error-bad-time = That is not a time. Use hours and minutes, such as 09:00.
field-attendee-unknown = Attendance is for the team's members only.
field-duration-invalid = The length is a whole number of minutes from 5 to 480.
field-ends-before-start = The last day cannot be before the first.
field-meeting-cancelled = This meeting is cancelled; bring it back first.
field-meeting-held = A meeting that was held cannot be cancelled.
field-presence-invalid = Choose present, absent or excused for everyone.
field-series-kind-invalid = Choose weekly or quarterly.
field-time-invalid = Enter a time such as 09:00.
field-weekday-invalid = Choose a day of the week.
teams-meetings = Meetings
meetings-feed-new = Calendar link
meetings-feed-renew = New calendar link
meetings-feed-revoke = Stop the calendar link
meetings-feed-title = Calendar link
meetings-feed-lead = Subscribe to this address in Google Calendar, Outlook or Apple Calendar, and the series' meetings appear there, moved and cancelled ones included.
meetings-feed-url = Address
meetings-feed-open = Open in my calendar app
meetings-feed-once = Copy it now: it is shown only this once. Anyone with the address sees when the meetings are, nothing more. If it gets out, make a new link; the old one stops working.
flash-feed-revoked = The calendar link no longer works.
meetings-export = Export (CSV)
meetings-export-what = What
meetings-export-meetings = Meetings
meetings-export-attendance = Attendance
meetings-export-check-ins = Check-ins
meetings-export-download = Download
mail-meeting-subject = { $kind }, { $team }: tomorrow
mail-meeting-body = { $team }'s { $kind } is on { $when } ({ $minutes } minutes).
mail-meeting-check-in = Check in on your key results before it, so the meeting can go to what matters:
mail-meeting-page = The meeting page
mail-meeting-link-note = The check-in link is yours alone and works without signing in, for your key results in the week of the meeting. Do not forward this email.
mail-nudge-subject = Your weekly check-in
mail-nudge-body = Some of your key results have no check-in this week yet. It takes about a minute: the new value, how confident you are, and a note if you like.
mail-nudge-button = Check in
mail-nudge-link-note = The button is yours alone: it opens your check-in for this week without signing in, works until Sunday, and can be switched off from the page it opens. Do not forward this mail.
mail-nudge-off = You get this when a week's check-in is missing. Turn it off at the bottom of your check-in page.
mail-kind-meeting_reminder = meeting reminder
mail-kind-check_in_nudge = check-in nudge
check-ins-nudges = Email reminders
check-ins-nudges-on = You get an email when you have not checked in by { $day }.
check-ins-nudges-off = You do not get email reminders about check-ins.
check-ins-nudges-turn-off = Turn them off
check-ins-nudges-turn-on = Turn them on
flash-nudges-on = Check-in reminders are on.
flash-nudges-off = Check-in reminders are off.
field-check-in-values = Enter each new value as a number, such as 27 or 3.5, and pick a confidence. Nothing was saved.
history-title = Import meeting history
history-lead = Bring in attendance from meetings held before Hverdag: a CSV file with one row per person and meeting, with the columns date, email and attendance (present, absent or excused). Each date becomes a held meeting of the team's weekly series. Every row is checked first; nothing is imported unless all rows are good.
history-file = CSV file
history-import = Import
history-rows-wrong = { $count ->
    [one] One row needs attention; nothing was imported.
   *[other] { $count } rows need attention; nothing was imported.
}
history-line = Line { $line }
history-error-no-series = The team has no weekly meeting series yet. Create one first; imported meetings belong to it.
history-error-header = The first line must name the columns date, email and attendance.
history-error-too-many = The file has more than 20,000 rows; split it.
history-error-empty = The file has no rows to import.
history-error-row = This row cannot be read.
history-error-date = The date must look like 2026-03-02 or 02.03.2026.
history-error-future = This date is in the future; only history can be imported.
history-error-person = Nobody in the organisation has this email address.
history-error-attendance = Attendance must be present, absent or excused.
history-error-duplicate = This person already has a row for this date.
flash-history-imported = { $count ->
    [one] One meeting imported.
   *[other] { $count } meetings imported.
}
follow-up-title = Follow-up
follow-up-nudge-day = Check-in reminders go out from
follow-up-nudge-hint = Owners whose key results have no check-in that week get one email from this day on (in the organisation's time zone). Each person can turn them off.
follow-up-default = The default ({ $day })
flash-follow-up-saved = Follow-up settings saved.
flash-follow-up-saved-recompute = Follow-up settings saved. Every team's stages and alerts are being recomputed for the new periods in the background; the progress shows on the adoption dashboard.
follow-up-periods = OKR periods
follow-up-periods-hint = How long the organisation plans objectives for. Quarterly OKR meetings open each period. Objectives already planned keep their period.
periods-quarters = Quarters (2027-Q1, three months)
periods-tertials = Tertials (2027-T1, four months)
periods-halves = Half-years (2027-H1, six months)

# Agendas the organisation and each team shape.
agendas-title = Agendas
agendas-lead = The agendas of the OKR meetings, for every team that has not adjusted its own: an item a line, each with its time box. Meetings already held keep the agenda they were held with.
agenda-team-title = { $team }: agendas
agenda-team-lead = What this team's OKR meetings go through, item by item. Adjust it to the team; without changes it follows the organisation's agenda.
agenda-read-only = Only the team's members, its ambassadors and leaders change the team's agendas.
agenda-adjust = Adjust the agenda
agenda-kind-weekly_results = Weekly results meeting
agenda-kind-quarterly = Period OKR meeting
language-en = English
language-nb = Norwegian
agenda-source-built_in = Hverdag's agenda
agenda-source-organisation = The organisation's agenda
agenda-source-team = The team's own agenda
agenda-total = { $n } minutes in all
agenda-items = Items
agenda-items-hint = One item a line: the minutes first, then what to do, e.g. “5 Check in on each key result”. The minutes must add up to no more than the meeting.
agenda-use-org = Use the organisation's agenda again
agenda-saved = The agenda is saved. Meetings already held keep theirs.
agenda-reset = The team follows the organisation's agenda again.
field-meeting-agenda-line = Start every line with its minutes, e.g. “5 Check-ins”.
field-meeting-agenda-empty = An agenda needs at least one item.
field-meeting-agenda-too-many = An agenda takes at most 20 items.
field-meeting-agenda-text = Every item needs a text of at most 300 characters.
field-meeting-agenda-minutes = Give every item between 1 and 240 minutes.
field-meeting-agenda-over-time = The time boxes add up to more than the meeting. Shorten them, or make the meeting longer first.

# Calendar invitations.
mail-kind-calendar_invitation = calendar invitation
mail-invitation-series = You are invited to { $summary }, every week from { $when }. Add it to your calendar from this email.
mail-invitation-series-subject = Invitation: { $summary }
mail-invitation-moved = One meeting of { $summary } moved to { $when }.
mail-invitation-moved-subject = Moved: { $summary }
mail-invitation-series-cancelled = { $summary } is no longer in your calendar through Hverdag.
mail-invitation-series-cancelled-subject = Cancelled: { $summary }
mail-invitation-cancelled = The meeting of { $summary } on { $when } is cancelled.
mail-invitation-cancelled-subject = Cancelled: { $summary }, one meeting
mail-invitation-note = Hverdag sends these invitations for your team. Answers go to the organiser; changes come from Hverdag.
invitations-title = Calendar invitations
invitations-on = Invitations go to the team's members. Moving or cancelling a meeting updates their calendars; people who join or leave the team get or lose the series.
invitations-off = Send the team's members a calendar invitation, so the meeting is in Outlook, Google or Apple Calendar like any other.
invitations-turn-on = Send calendar invitations
invitations-turn-off = Stop invitations (cancels the series in the members' calendars)
invitations-sent = Invitations are on: the team's members get them by mail.
invitations-stopped = Invitations are off: the series is cancelled in the members' calendars.
field-invitations-weekly-only = Calendar invitations are for the weekly results meeting.
field-invitations-ended = This series has ended.
