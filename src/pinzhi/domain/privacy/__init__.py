"""Personal data: who saw it unmasked (access log), and consumers' export and erasure rights."""
