"""The LM Studio stand-in, one job per module.

`tests/fake_lmstudio.py` runs it and describes it whole (routes, controls, behaviour keys);
`app.py` wires the modules below into one aiohttp application:

  state.py         the stand-in's state: models, API mode, token, behaviour, what it has seen
  models.py        the model store (one list of dicts) and how loading changes it
  model_views.py   a stored model as /v1/models, /api/v0/models and /api/v1/models show it
  model_lists.py   the three list routes
  loading.py       POST /api/v1/models/load and /unload
  chat.py          POST /v1/chat/completions
  tool_calls.py    replies that call tools: the script, and the deltas LM Studio streams them as
  replies.py       what a reply says: words, reasoning, tokens
  tokens.py        how many tokens a prompt costs
  directives.py    the behaviour keys and {{stub …}} directives
  errors.py        LM Studio's error bodies and sentences
  api_versions.py  which native APIs answer (LM Studio 0.4, 0.3, other servers) and unknown endpoints
  auth.py          LM Studio's API token check
  controls.py      the /_stub/* routes tests steer it with
"""
