"""The built page served by the backend itself (CHAT_WEB_DIR, `./start.sh --serve`): one port for
the app and its API, so a phone on the LAN or a proxy in front needs only one address."""
