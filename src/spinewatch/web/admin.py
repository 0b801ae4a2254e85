"""Account administration from the shell (``spinewatch admin ...``).

    spinewatch admin add-user USERNAME [--name "Display Name"]   # asks for the password
    spinewatch admin add-token USERNAME "what it is for"         # prints a bearer token once
    spinewatch admin patient-link PATIENT_ID                     # new link; the old one stops

The database is the one ``spinewatch serve`` uses (SPINEWATCH_DATABASE_URL, or --db).
The password can come from SPINEWATCH_NEW_PASSWORD for scripted setups.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import select

from .. import store

MIN_PASSWORD = 12


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="spinewatch admin", description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL (default: as spinewatch serve)")
    sub = ap.add_subparsers(dest="command", required=True)
    u = sub.add_parser("add-user", help="create a clinician account")
    u.add_argument("username")
    u.add_argument("--name", help="display name")
    t = sub.add_parser("add-token", help="create an API bearer token for a clinician")
    t.add_argument("username")
    t.add_argument("purpose")
    p = sub.add_parser("patient-link", help="issue a new personal link for a patient")
    p.add_argument("patient_id")
    args = ap.parse_args(argv)
    sessions = store.open_database(args.db)
    with sessions.begin() as db:
        if args.command == "add-user":
            password = os.environ.get("SPINEWATCH_NEW_PASSWORD") or getpass.getpass("password: ")
            if len(password) < MIN_PASSWORD:
                print(f"password must be at least {MIN_PASSWORD} characters", file=sys.stderr)
                return 2
            store.create_user(db, args.username, password, args.name)
            store.audit(db, "admin:shell", "user.created", target=args.username)
            print(f"created clinician {args.username!r}")
            return 0
        if args.command == "add-token":
            user = db.scalar(select(store.User).where(store.User.username == args.username))
            if user is None:
                print(f"no user {args.username!r}", file=sys.stderr)
                return 2
            token = store.create_api_token(db, user, args.purpose)
            store.audit(db, "admin:shell", "token.created", target=args.username, detail=args.purpose)
            print(token)
            return 0
        patient = db.get(store.Patient, args.patient_id)
        if patient is None:
            print(f"no patient {args.patient_id!r}", file=sys.stderr)
            return 2
        token = store.new_link_token(db, patient)
        store.audit(db, "admin:shell", "patient.link_reissued", patient_id=patient.id)
        print(f"/p/{token}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
