"""Scale-out runners over `quotelens.inference` (install the `distributed` extra)."""
