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
series-kind-quarterly = Quarterly OKR meeting

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

agenda-weekly-check-ins = Check in on each key result: the new value and how confident you are (5 minutes).
agenda-weekly-blockers = Blockers: what stands in the way, and who can help?
agenda-weekly-priorities = Priorities for the week that move the key results.
agenda-quarterly-score = Score the quarter: where did each key result end, and what did we learn?
agenda-quarterly-retro = Retrospective: what worked in our OKR routine, what should change?
agenda-quarterly-next = Draft next quarter's objectives and key results.

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
