## A person's home
nav-home = Hjem
home-title = Min uke
home-org-link = Organisasjonen i korte trekk
home-live-head = En workshop pågår
home-live-join = Bli med i «{ $title }»
home-check-ins-head = Nøkkelresultater å sjekke inn
home-check-ins-lead = { $total ->
    [one] Du eier ett nøkkelresultat
   *[other] Du eier { $total } nøkkelresultater
}; { $done } er sjekket inn denne uken.
home-check-in-due = Skal sjekkes inn denne uken
home-check-in-now = Sjekk inn
home-meetings-head = Møtene i teamene mine
home-next-meeting = Neste
home-no-next-meeting = Ingen møter er planlagt.
home-plan-meetings = Planlegg teamets møter
home-last-meeting = Sist holdt
home-decisions = Beslutninger:
home-no-teams = Du er ikke med i noe team ennå. En leder legger folk til i team på siden Team.
home-drafts-head = OKR-utkast å bli enige om
home-drafts-lead = Teamet ditt har mål som er utkast. Bli enige om dem sammen, og gjør dem så aktive.
home-watch-org = Slik går det med teamene
home-watch-mine = Teamene du støtter
home-watch-needing = { $count ->
    [0] Ingen team sklir ut eller har stoppet.
    [one] Ett team sklir ut eller har stoppet: det står først.
   *[other] { $count } team sklir ut eller har stoppet: de står først.
}
home-watch-more = { $count ->
    [one] og ett team til
   *[other] og { $count } team til
} på forankringsoversikten.
home-watch-more-alerts = { $count ->
    [one] Ett åpent varsel til
   *[other] { $count } åpne varsler til
} på forankringsoversikten.
home-watch-none = Du støtter ingen team ennå. En leder utnevner ambassadører på teamets side.
home-watch-dashboard = Åpne forankringsoversikten
home-watch-computed = tall fra { $at }
home-first-run-head = Kom i gang
home-first-run-lead = Veien de fleste organisasjoner går for å gjøre OKR til en del av hverdagen. Hvert steg åpner siden der det gjøres; det som er gjort, er merket.
home-step-done = Gjort
home-step-people = Importer personer og team fra et regneark
home-step-ambassadors = Utnevn OKR-ambassadører for teamene
home-step-facilitators = Gi noen fasilitatorrollen for workshopene
home-step-rollout = Planlegg innføringen fra sjekklisten
home-step-survey = Send undersøkelsen før workshopen
home-step-workshop = Forbered oppstartsworkshopen
home-step-meetings = Sett opp teamenes ukentlige OKR-møter
