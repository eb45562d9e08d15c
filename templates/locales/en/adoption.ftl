nav-adoption = Adoption
adoption-export = Weekly metrics (CSV)
adoption-title = Adoption health
adoption-lead = Is the OKR routine taking hold? Each team's weekly OKR meetings, attendance and check-ins over the last year, and where a team needs support.
adoption-empty = No teams yet. Once teams hold weekly OKR meetings and check in, their routine shows here.
adoption-stages-now = Teams by stage now
adoption-stage-not_started = Not started
adoption-stage-forming = Forming
adoption-stage-practising = Practising
adoption-stage-routine = Routine
adoption-stage-slipping = Slipping
adoption-stage-stopped = Stopped
adoption-stage-too_early = Too early to say
adoption-open-alerts = Needs attention
adoption-no-alerts = No open alerts: no team has missed meetings or let check-ins slide lately.
adoption-stages-over-time = Stages over the year
adoption-stages-desc = Number of teams in each stage, week by week, for the last { $weeks } weeks. The table below has the numbers.
adoption-trends = Routine over the year
adoption-trends-desc = Share of weekly OKR meetings held, attendance and check-in coverage, in per cent, week by week. The table below has the numbers.
adoption-series-held = Meetings held
adoption-series-attendance = Attendance
adoption-series-coverage = Check-in coverage
adoption-data-table = Show the numbers
adoption-week = Week
adoption-teams = Teams
adoption-team = Team
adoption-stage = Stage
adoption-since = Since
adoption-streak = Streak
adoption-streak-weeks = { $weeks ->
    [one] { $weeks } week
   *[other] { $weeks } weeks
}
adoption-held = Held (last 12 weeks)
adoption-held-of = { $held } of { $due }
adoption-attendance = Attendance
adoption-coverage = Check-in coverage
adoption-no-department = Teams outside a department
adoption-department-total = { $name } in all
adoption-team-title = { $team }: adoption
adoption-heat-map = The last year, week by week
adoption-heat-map-desc = One square per week, oldest first, thirteen weeks to a row: ✓ weekly OKR meeting held (darker with more people present), ✗ missed, – cancelled, ○ closed (a holiday or closure week) or an organisation-wide pause (most teams did not meet): neither held nor missed, empty: no meeting.
adoption-week-state-none = no meeting
adoption-week-state-pending = still to come
adoption-week-state-held = held
adoption-week-state-missed = missed
adoption-week-state-cancelled = cancelled
adoption-week-state-closed = closed (holiday)
adoption-week-state-paused = organisation-wide pause (most teams did not meet)
adoption-cell = Week of { $week }: { $state }
adoption-stage-history = Stage history
adoption-stage-since = from the week of { $week }
adoption-no-weeks = Nothing recorded yet: the team's weeks show here once it holds weekly OKR meetings or checks in.
adoption-support-log = Alerts and support log
adoption-no-support-log = No alerts so far.
adoption-acknowledge = Acknowledge
adoption-note = What was done (optional)
adoption-acknowledged = Acknowledged by { $name } on { $date }
adoption-not-acknowledged = Not acknowledged
adoption-okrs = OKRs for { $period }
adoption-no-okrs = No objectives for { $period } yet.
flash-alert-acknowledged = Alert acknowledged; the note is in the team's support log.
alert-kind-missed = Weekly OKR meeting missed { $weeks } weeks running ({ $from } – { $to }).
alert-kind-low_coverage = Check-in coverage under 50 % for { $weeks } weeks ({ $from } – { $to }); lowest { $value } %.
alert-kind-attendance_drop = Attendance fell to { $value } % ({ $from } – { $to }), against the team's own average of { $baseline } %.
alert-kind-no_quarterly = The OKR period ended without a { $periods ->
    [tertials] tertial
    [halves] half-year
   *[quarters] quarterly
} OKR meeting (week of { $to }).
field-adoption-weeks = The window must be 4 to 26 weeks, and the slipping look-back 4 to 52 weeks.
field-adoption-range = Shares are 0 to 100 %, and no stage can ask for more meetings than the window holds.
field-adoption-ladder = Each stage must ask at least as much as the one below it (routine ≥ practising ≥ forming, and forming at least one meeting).
adoption-settings-title = Adoption stages
adoption-settings-lead = When does a team count as forming, practising or in routine? Hverdag looks at each team's latest weekly OKR meetings (cancelled ones are skipped) and compares them with these thresholds. Saving recomputes every team's stages and alerts in the background; the progress shows here and on the dashboard.
adoption-settings-window = Weekly meetings looked at
adoption-settings-routine = Routine
adoption-settings-practising = Practising
adoption-settings-forming = Forming
adoption-settings-held = Meetings held (of the window)
adoption-settings-attendance = Attendance at least (%)
adoption-settings-coverage = Check-in coverage at least (%)
adoption-settings-slipping = A team is slipping when it falls below the best stage it reached in the last … weeks
adoption-settings-reset = Back to the defaults
flash-adoption-settings-saved = Thresholds saved.
flash-adoption-recompute-started = Thresholds saved. Every team's stages and alerts are being recomputed in the background; the progress shows below.
adoption-recompute-progress = Recomputing stages and alerts: { $done } of { $total } teams
adoption-recompute-hint = The figures change as the teams are done; this page refreshes itself until then.
adoption-recompute-failed = Recomputing stages and alerts stopped with an error: { $error }. Save the settings again to start over.
adoption-organisation = Organisation
cohorts-title = Cohorts
cohorts-lead = Teams lined up by months since they started with OKRs, grouped by the OKR period they started in: are this year's teams further along at month six than last year's?
cohorts-metric = Show
cohorts-metric-held = Weekly meetings held
cohorts-metric-attendance = Attendance
cohorts-metric-coverage = Check-in coverage
cohorts-metric-routine = Teams at routine
cohorts-median = median per month since the start
cohorts-chart-desc = The median across each cohort's teams, in per cent, by month since the start (0 to 12). The table below has the medians and the spread.
cohorts-x-axis = Months since the team started
cohorts-started = Started { $period }
cohorts-teams = { $count ->
    [one] { $count } team
   *[other] { $count } teams
}
cohorts-table = Median and spread (25th–75th percentile)
cohorts-month = Month
cohorts-start-rule = A team starts at its OKR workshop (the first one it took part in), or without one in the week of its first weekly OKR meeting held.
cohorts-empty = No team has started yet: cohorts show once teams have had their workshop or held a weekly OKR meeting.
person-routine-link = Weekly routine
person-routine-title = { $name }: weekly routine
person-routine-profile = Profile
person-routine-lead = To support, not to rate: whether { $name } has been at the team's weekly OKR meetings and has checked in the key results they own. Hverdag never ranks people.
person-routine-attended = at { $attended } of { $expected } weekly meetings held (excused ones left out)
person-routine-checked = { $checked } of { $weeks } weeks with every key result they own checked in
person-routine-meetings = At the weekly OKR meeting
person-routine-meetings-desc = One square per week, oldest first: ✓ present, ✗ absent, E excused, ? not recorded, empty: no meeting held in their teams.
person-routine-check-ins = Their key results checked in
person-routine-check-ins-desc = One square per week, oldest first: ✓ all checked in, ½ some, ✗ none, empty: no key results of theirs that week.
person-meeting-present = present
person-meeting-absent = absent
person-meeting-excused = excused
person-meeting-unrecorded = not recorded
person-meeting-none = no meeting held
person-check-in-all = all checked in
person-check-in-some = some checked in
person-check-in-no_check_in = none checked in
person-check-in-none = no key results
mail-digest-subject = Adoption this week: { $routine } of { $teams } teams at routine, { $alerts ->
    [0] no open alerts
    [one] one open alert
   *[other] { $alerts } open alerts
}
mail-digest-intro = How the OKR routine went in the week of { $week }, for your { $teams ->
    [one] team
   *[other] { $teams } teams
}:
mail-digest-changes = Stage changes
mail-digest-improved = better
mail-digest-no-changes = No team changed stage last week.
mail-digest-button = Open the adoption dashboard
mail-digest-off = You get this every Monday as an OKR ambassador. Turn it off at the bottom of the adoption dashboard.
adoption-digest = Weekly digest
adoption-digest-on = You get a digest of your teams by email every Monday.
adoption-digest-off = The weekly digest is off.
adoption-digest-turn-off = Turn it off
adoption-digest-turn-on = Turn it on
flash-digest-on = The weekly digest is on.
flash-digest-off = The weekly digest is off.
mail-kind-adoption_digest = adoption digest
field-alert-acknowledged = Someone acknowledged this alert already; their note is in the support log.
adoption-all-stages = all stages
adoption-no-teams-in-stage = No team is in this stage now.
adoption-definitions = What the stages and alerts mean
adoption-def-too_early = Fewer than four weekly OKR meetings have been due: too early to say anything.
adoption-def-not_started = The team has held fewer weekly OKR meetings than forming asks for (2 of the last 12 by default).
adoption-def-forming = The team has begun: it holds some weekly OKR meetings, but not yet as many, as well attended or with as many check-ins as practising asks for.
adoption-def-practising = The team holds most of its weekly OKR meetings (6 of 12 by default), with at least half present and half of its key results checked in.
adoption-def-routine = The OKR routine has taken hold: 10 of the last 12 weekly meetings held (or 5 of the last 6), 70 % present and 70 % of key results checked in (by default). A team keeps a stage while it stays within one meeting and the margin of chance of its bar, so one absence in a three-person team does not move it.
adoption-def-slipping = The team is letting go of a routine it had: its latest weekly OKR meetings were missed, more of them (or, with its check-ins stopping too, nearly as many) than would happen by chance at the rate it held them before. It stays slipping until it holds its meeting again, two of four.
adoption-def-stopped = The team has been slipping for twelve weeks or more (about an OKR quarter): the routine needs a fresh start, not a reminder.
adoption-def-closed = Weeks the organisation is closed (public holidays, fellesferie, Christmas; set under Settings → Calendar) and cancelled meetings count as neither held nor missed: they raise no alert and break no streak.
adoption-alert-name-missed = Meetings missed
adoption-alert-name-low_coverage = Check-ins fell off
adoption-alert-name-attendance_drop = Attendance dropped
adoption-alert-name-no_quarterly = No quarterly OKR meeting
adoption-def-paused = A week in which fewer than a third of the teams that usually meet held their weekly OKR meeting (at least five such teams) is treated as an organisation-wide pause, such as a school break, even when the calendar does not close it: it counts the same way.
adoption-def-alert-missed = Two or more weekly OKR meetings missed in a row (closed and cancelled weeks skipped), by a team that had started.
adoption-def-alert-low_coverage = Check-in coverage under 50 % for three weeks in a row, by a team that had been checking in (60 % or more before).
adoption-def-alert-attendance_drop = Attendance at a meeting below two thirds of the team's own average, and too low to be chance for a team of its size.
adoption-def-alert-no_quarterly = An OKR period ended without the team's quarterly (period) OKR meeting held.
adoption-reason-too_early = Only { $of } weekly OKR meetings have been due so far: too early to say.
adoption-reason-not_started = { $held } of the last { $of } weekly OKR meetings held; forming starts at { $bar-held }.
adoption-reason-forming = { $held } of the last { $of } weekly OKR meetings held, { $attendance } % present, { $coverage } % of key results checked in. Practising asks for { $bar-held } of { $bar-of }, { $bar-attendance } % and { $bar-coverage } %.
adoption-reason-practising = { $held } of the last { $of } weekly OKR meetings held, { $attendance } % present, { $coverage } % of key results checked in. Routine asks for { $bar-held } of { $bar-of }, { $bar-attendance } % and { $bar-coverage } %.
adoption-reason-routine = { $held } of the last { $of } weekly OKR meetings held, { $attendance } % present, { $coverage } % of key results checked in (routine: { $bar-held } of { $bar-of }, { $bar-attendance } % and { $bar-coverage } %).
adoption-reason-slipping = { $missed } of the last { $of } weekly OKR meetings missed, where the team had held { $baseline-held } of the { $baseline-of } before; { $coverage } % of key results checked in, against { $baseline-coverage } % before.
adoption-reason-paused = The week of { $week } was treated as an organisation-wide pause: most of the organisation's teams did not meet, so a meeting not held then counts as neither held nor missed.
adoption-reason-stopped = Slipping since the week of { $since }: { $missed } of the last { $of } weekly OKR meetings missed, after { $baseline-held } of { $baseline-of } held before; { $coverage } % of key results checked in, against { $baseline-coverage } % before.
adoption-my-teams = Only my teams
adoption-all-teams = All teams
adoption-computed-at = Figures computed { $at }.
adoption-alerts-folded = { $count ->
    [one] One alert of a team that has stopped is folded into its stage.
   *[other] { $count } alerts of teams that have stopped are folded into their stage.
}
