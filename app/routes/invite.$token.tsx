import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Link, Page, Text, TextField } from "@shopify/polaris";
import { LanguageSwitch } from "~/components/language-switch";
import { useT } from "~/i18n/use-t";
import { openInvitation } from "~/.server/auth/invitations";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

/**
 * The invitation link (F-13): the portal's branded sign-in page with the
 * address filled in. It shows no portal data and signs nobody in — that takes
 * a code sent to the address.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const invitation = token.length >= 20 && token.length <= 100 ? await openInvitation(token) : null;
  return json({ invitation, token: invitation ? token : "" }, { headers: { "Cache-Control": "no-store" } });
}

export default function InvitationPage() {
  const { invitation, token } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const t = useT();
  if (!invitation) {
    return (
      <Page narrowWidth title={t("login.title")}>
        <BlockStack gap="400">
          <Banner tone="warning" title={t("invitation.invalid")}>
            <p>{t("invitation.invalidBody")}</p>
          </Banner>
          <Box paddingInline={{ xs: "400", sm: "0" }}>
            <Link url="/login">{t("invitation.signInInstead")}</Link>
          </Box>
          <LanguageSwitch />
        </BlockStack>
      </Page>
    );
  }
  return (
    <Page narrowWidth title={invitation.portalName} subtitle={invitation.tenantName}>
      <BlockStack gap="400">
        <Card>
          <Box borderBlockStartWidth="100" borderColor="border" paddingBlockStart="200">
            <div style={{ borderTop: `4px solid ${invitation.accentColor ?? "#1f5199"}`, paddingTop: 12 }}>
              <Form method="post" action="/login">
                <BlockStack gap="400">
                  {invitation.logoUrl ? <img src={invitation.logoUrl} alt={invitation.tenantName} style={{ maxHeight: 40 }} /> : null}
                  {invitation.invitationText ? <Text as="p">{invitation.invitationText}</Text> : null}
                  <Text as="p">{t("code.fromInvitation", { portal: invitation.portalName, tenant: invitation.tenantName })}</Text>
                  <input type="hidden" name="invitation" value={token} />
                  <input type="hidden" name="next" value="/portals" />
                  <TextField label={t("login.email")} name="email" type="email" value={invitation.email} readOnly autoComplete="email" />
                  <Button submit variant="primary" size="large" fullWidth loading={navigation.state !== "idle"}>
                    {t("login.submit")}
                  </Button>
                </BlockStack>
              </Form>
            </div>
          </Box>
        </Card>
        <LanguageSwitch />
      </BlockStack>
    </Page>
  );
}
