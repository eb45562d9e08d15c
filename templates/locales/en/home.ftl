## A person's home
nav-home = Home
home-title = My week
home-org-link = The organisation at a glance
home-live-head = A workshop is running
home-live-join = Join “{ $title }”
home-check-ins-head = Key results to check in
home-check-ins-lead = { $total ->
    [one] You own one key result
   *[other] You own { $total } key results
}; { $done } checked in this week.
home-check-in-due = Due this week
home-check-in-now = Check in
home-meetings-head = My teams' meetings
home-next-meeting = Next
home-no-next-meeting = No meeting planned.
home-plan-meetings = Plan the team's meetings
home-last-meeting = Last held
home-decisions = Decisions:
home-no-teams = You are not on a team yet. A leader adds people to teams on the Teams page.
home-drafts-head = Draft OKRs to agree
home-drafts-lead = Your team has objectives in draft. Agree on them together, then make them active.
home-watch-org = How the teams are doing
home-watch-mine = The teams you support
home-watch-needing = { $count ->
    [0] No team is slipping or has stopped.
    [one] One team is slipping or has stopped: it is listed first.
   *[other] { $count } teams are slipping or have stopped: they are listed first.
}
home-watch-more = { $count ->
    [one] and one more team
   *[other] and { $count } more teams
} on the dashboard.
home-watch-more-alerts = { $count ->
    [one] One more open alert
   *[other] { $count } more open alerts
} on the dashboard.
home-watch-none = You support no teams yet. A leader appoints ambassadors on a team's page.
home-watch-dashboard = Open the adoption dashboard
home-watch-computed = figures from { $at }
home-first-run-head = Getting started
home-first-run-lead = The path most organisations take to make OKRs part of everyday work. Each step opens the page where it is done; what is done is marked.
home-step-done = Done
home-step-people = Import people and teams from a spreadsheet
home-step-ambassadors = Appoint OKR ambassadors for the teams
home-step-facilitators = Give someone the facilitator role for the workshops
home-step-rollout = Plan the rollout from the checklist
home-step-survey = Send the pre-workshop survey
home-step-workshop = Prepare the kick-off workshop
home-step-meetings = Set up the teams' weekly OKR meetings
