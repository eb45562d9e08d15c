invites-title = Invitasjoner
invites-lead = Inviter folk på e-post. Hver av dem får en lenke som virker én gang, i { $days } dager, der de velger navn og passord; de blir med i rollen og teamet du velger. Send en invitasjon på nytt for en ny lenke (den gamle slutter å virke), eller trekk den tilbake.
invites-new = Inviter noen
invites-role = Rolle
invites-team = Team
invites-no-team = Ikke noe team ennå
invites-send = Send invitasjon
invites-sent = Sendte invitasjoner
invites-status = Status
invites-sent-at = Sendt
invites-actions = Handlinger
invites-status-pending = venter
invites-status-expired = utløpt
invites-status-accepted = godtatt
invites-status-withdrawn = trukket tilbake
invites-resend = Send på nytt
invites-withdraw = Trekk tilbake
invites-open-person = Åpne
invites-empty = Ingen invitasjoner ennå.
flash-invite-sent = Invitasjonen er sendt.
flash-invite-resent = Invitasjonen er sendt på nytt med en ny lenke. Den gamle lenken virker ikke lenger.
flash-invite-withdrawn = Invitasjonen er trukket tilbake. Lenken virker ikke lenger.
field-invite-team = Velg et av organisasjonens team.
field-invite-role = Velg en rolle fra listen.
field-invite-already-member = Noen med denne adressen er allerede i organisasjonen.
field-invite-pending = Denne adressen har allerede en invitasjon som venter. Send den på nytt fra listen under.
invite-title = Bli med i { $org } på Hverdag
invite-body = Du er invitert som { $email }. Velg navnet andre skal se og et passord, så er du med.
invite-password = Passord
invite-password-hint = Minst 10 tegn.
invite-accept = Bli med
invite-problem-title = Denne invitasjonen kan ikke brukes
invite-problem-unknown = Lenken er ikke en gyldig invitasjon. Sjekk at du kopierte hele lenken fra e-posten.
invite-problem-expired = Invitasjonen har utløpt. Be den som inviterte deg om å sende den på nytt.
invite-problem-used = Invitasjonen er allerede godtatt. Logg inn i stedet.
invite-problem-withdrawn = Invitasjonen er trukket tilbake. Spør den som inviterte deg hvis du tror det er en feil.
invite-problem-login = Gå til innlogging
mail-invite-subject = Du er invitert til { $org } på Hverdag
mail-invite-greeting = Hei { $name },
mail-invite-body = { $inviter } inviterer deg til { $org } på Hverdag, der teamet ditt gjør OKR-ene til en del av hverdagen. Lenken virker én gang og i { $days } dager.
mail-invite-button = Bli med i { $org }
mail-invite-ignore = Hvis du ikke ventet dette, kan du se bort fra e-posten.
mail-kind-invite = invitasjon
import-invite-instead = Inviter de nye på e-post i stedet
flash-invites-sent = { $sent ->
    [one] Én invitasjon er sendt.
   *[other] { $sent } invitasjoner er sendt.
} { $members ->
    [0] {""}
    [one] Én rad var noen som allerede er i organisasjonen, og den er latt være.
   *[other] { $members } rader var folk som allerede er i organisasjonen, og de er latt være.
}
import-error-invite-pending = Noen i filen har allerede en invitasjon som venter. Send den på nytt fra Invitasjoner, eller ta dem ut av filen.
invite-has-account = Du logger allerede inn i Hverdag med denne adressen. Når du godtar, legges denne organisasjonen til kontoen din: du beholder passordet ditt og bytter mellom organisasjonene dine fra toppen av siden.
