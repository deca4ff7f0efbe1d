"""Import of agency lists into the registry. For now: reading files (see ``readers``)."""
