/* test-address-space.c — SMTP address spaces and domain names
 * (model/address-space.c): parsing, costs and match specificity. */
#include "model/address-space.h"

static void
test_address_space (void)
{
  MfAddressSpace as;
  GError *err = NULL;

  g_assert_true (mf_parse_address_space ("SMTP:* 10", &as, NULL));
  g_assert_cmpstr (as.pattern, ==, "*");
  g_assert_cmpint (as.cost, ==, 10);
  mf_address_space_clear (&as);
  g_assert_true (mf_parse_address_space ("smtp:*.Fabrikam.COM 5", &as, NULL));
  g_assert_cmpstr (as.pattern, ==, "*.fabrikam.com");
  g_assert_cmpint (as.cost, ==, 5);
  mf_address_space_clear (&as);
  g_assert_true (mf_parse_address_space ("fabrikam.com", &as, NULL));
  g_assert_cmpint (as.cost, ==, 1);
  mf_address_space_clear (&as);
  g_assert_false (mf_parse_address_space ("X400:c=US 1", &as, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_clear_error (&err);
  g_assert_false (mf_parse_address_space ("SMTP:* 0", &as, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_clear_error (&err);
  g_assert_false (mf_parse_address_space ("SMTP:* 101", &as, NULL));
  g_assert_false (mf_parse_address_space ("SMTP:bad..domain 1", &as, NULL));
  g_assert_false (mf_parse_address_space ("SMTP:**.com", &as, NULL));
  g_assert_false (mf_parse_address_space ("SMTP:", &as, NULL));

  /* Specificity: exact > longer wildcard > shorter wildcard > "*". */
  g_assert_cmpint (mf_address_space_match ("*", "mail.fabrikam.com"), ==, 0);
  g_assert_cmpint (mf_address_space_match ("*.com", "mail.fabrikam.com"), >, 0);
  g_assert_cmpint (mf_address_space_match ("*.fabrikam.com", "mail.fabrikam.com"), >,
                   mf_address_space_match ("*.com", "mail.fabrikam.com"));
  g_assert_cmpint (mf_address_space_match ("mail.fabrikam.com", "mail.fabrikam.com"), >,
                   mf_address_space_match ("*.fabrikam.com", "mail.fabrikam.com"));
  g_assert_cmpint (mf_address_space_match ("*.fabrikam.com", "fabrikam.com"), ==, -1);
  g_assert_cmpint (mf_address_space_match ("*.fabrikam.com", "xfabrikam.com"), ==, -1);
  g_assert_cmpint (mf_address_space_match ("fabrikam.com", "contoso.com"), ==, -1);
  g_assert_cmpint (mf_address_space_match ("fabrikam.com", "FABRIKAM.com"), >, 0);

  g_assert_true (mf_domain_is_valid ("a.b-c.example"));
  g_assert_false (mf_domain_is_valid ("-a.com"));
  g_assert_false (mf_domain_is_valid ("a-.com"));
  g_assert_false (mf_domain_is_valid ("a..com"));
  g_assert_false (mf_domain_is_valid ("a.com."));
  g_assert_false (mf_domain_is_valid (""));
  g_assert_false (mf_domain_is_valid ("a b.com"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/address-space/parse", test_address_space);
  return g_test_run ();
}
