"""Platform simulator: a realistic e-commerce platform written in the bulk-import format.

`simulator.simulate` is the entry point. The static world (merchants, catalogue, consumers,
staff, governance records) is built once; transactions are generated one local day at a time,
each day from its own random stream, so output depends only on the scenario and the seed.
"""
