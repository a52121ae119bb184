"""Typed application state keys, declared once. Mutable state lives inside the objects stored
here (set at start-up), never by reassigning `app[key]` later."""

from aiohttp import web

from companion.auth.clients import ClientRegistry
from companion.auth.pairing import PairingService
from companion.goals.state import GoalsState
from companion.history import HistoryService
from companion.insights.service import InsightService
from companion.settings import Settings
from companion.storage.readers import ReaderPool

SETTINGS = web.AppKey("settings", Settings)
READERS = web.AppKey("readers", ReaderPool)
HISTORY = web.AppKey("history", HistoryService)
CLIENTS = web.AppKey("clients", ClientRegistry)
PAIRING = web.AppKey("pairing", PairingService)
GOALS = web.AppKey("goals", GoalsState)
INSIGHTS = web.AppKey("insights", InsightService)
