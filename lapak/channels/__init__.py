"""Channels: marketplaces and the province's storefront (issue 5).

For now only the transport layer exists (signatures, resilient calls, local sandbox servers); the app's
models, listings and the sales ledger come with issue 5 proper, and then it joins INSTALLED_APPS.
"""
