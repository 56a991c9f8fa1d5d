"""The only write API of planvakt, called alike by the command line, the web app and the
Prefect tasks. Functions take a ``Session`` and never commit; the caller owns the transaction."""
