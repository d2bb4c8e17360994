"""Which address a request counts against: X-Forwarded-For only from our own proxies."""

from django.test import RequestFactory, override_settings

from relationships.web.ratelimit import client_address, client_ip


def request(remote="203.0.113.7", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@override_settings(TRUSTED_PROXIES=[], TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_header_is_ignored():
    assert client_address(request(forwarded="1.2.3.4")) == "203.0.113.7"
    assert client_address(request(forwarded="1.2.3.4, 5.6.7.8")) == "203.0.113.7"


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), TRUSTED_PROXIES=[])
def test_production_https_settings_alone_do_not_make_the_header_trusted():
    # The bug: DEBUG=false used to read the last hop whether or not a proxy was there.
    assert client_address(request(forwarded="6.6.6.6")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_trusted_proxies_the_first_hop_that_is_not_ours_is_the_client():
    assert client_address(request("10.0.0.2", "198.51.100.9")) == "198.51.100.9"
    # What the client wrote itself (left of the hop our proxy added) is never believed.
    assert client_address(request("10.0.0.2", "6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    assert client_address(request("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.1.1.1")) == (
        "198.51.100.9"
    )
    # A request that didn't come through our proxy: its header is ignored.
    assert client_address(request("203.0.113.7", "6.6.6.6")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_a_proxy_count_takes_the_hop_that_many_from_the_right():
    assert client_address(request("10.0.0.2", "6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    assert client_address(request("10.0.0.2")) == "10.0.0.2"


@override_settings(TRUSTED_PROXIES=[])
def test_ipv6_clients_count_by_their_64_and_junk_is_unknown():
    assert client_ip(request("2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::/64"
    assert client_ip(request("not-an-address")) == "unknown"


def test_a_mistyped_trusted_proxy_is_a_start_up_error(settings):
    from relationships.checks import trusted_proxies_are_addresses

    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "lb.internal"]
    assert [error.id for error in trusted_proxies_are_addresses(None)] == ["bridge.E002"]
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert trusted_proxies_are_addresses(None) == []
