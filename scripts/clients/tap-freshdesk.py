"""Runs Singer's tap-freshdesk (unmodified, from PyPI) against Haven instead of freshdesk.com.

tap-freshdesk builds its base URL as https://{domain}.freshdesk.com/api/v2; this wrapper points the same client at
the `base_url` in the tap's config and changes nothing else. Usage as the tap's own: --config, --discover, --catalog.
"""
import tap_freshdesk
import tap_freshdesk.client as client

_original_init = client.Client.__init__


def _init(self, config):
    _original_init(self, config)
    self.base_url = config["base_url"]


client.Client.__init__ = _init

if __name__ == "__main__":
    tap_freshdesk.main()
