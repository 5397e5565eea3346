"""Accounts (CHAT_AUTH=on): passwords, the secrets behind sessions and tokens, who is asking,
and the limit on failed sign-ins. Storage of accounts is storage/accounts.py; routes api/auth.py."""
