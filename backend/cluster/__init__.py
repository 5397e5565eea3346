"""Several backends, one set of replies in progress (SPEC §14): each reply's events in a Redis
stream, "one reply per conversation" as a lease in Redis, Stop and tool decisions as commands to
the backend running the reply, and the replies of a backend that died ended by the others.

Without CHAT_REDIS_URL none of this is built and replies stay in the process (replies/registry.py).
"""

from cluster.cluster import Cluster, RedisUnreachable

__all__ = ["Cluster", "RedisUnreachable"]
