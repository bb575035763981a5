import type { Tx } from "../db";

/**
 * Whose view of a portal's documents: the signed-in member (their own
 * membership of the portal, which is all the policies let them read), or an
 * admin's preview as one chosen member (F-8).
 */
export type DocumentViewer = { kind: "member" } | { kind: "preview"; memberId: string };

/**
 * `from … where …` of the documents one portal shows to one of its members
 * (F-20), for `select … ${portalDocuments(…)} and …`.
 *
 * For a member the policy on documents has already decided what exists at
 * all (across every portal of their login); these conditions only narrow that
 * down to this portal — its customer, its projects, this membership's share
 * of restricted files, and the parent the file belongs to as this portal
 * shows it. An admin's claims see every file of the tenant, so for a preview
 * the same conditions are what makes the admin see exactly what the member
 * would, and nothing more.
 */
export function portalDocuments(tx: Tx, portalId: string, viewer: DocumentViewer) {
  const memberId = viewer.kind === "preview" ? viewer.memberId : null;
  return tx`
    from public.documents d
    join public.portals p on p.id = ${portalId}::uuid and p.customer_id = d.customer_id and p.tenant_id = d.tenant_id
      and p.status = 'active'
    join public.portal_members m on m.portal_id = p.id and m.removed_at is null
      and (${memberId}::uuid is null or m.id = ${memberId}::uuid)
    where d.deleted_at is null and d.channel_portal and d.storage_key is not null
      and (
        (
          not d.is_document_pdf and p.show_documents and m.can_view_documents
          and (d.project_id is null or exists (
            select 1 from public.portal_projects pp where pp.portal_id = p.id and pp.project_id = d.project_id))
          and (not d.restricted_to_members or exists (
            select 1 from public.document_members dm where dm.document_id = d.id and dm.member_id = m.id))
          and (d.invoice_id is null or exists (
            select 1 from public.invoices i where i.id = d.invoice_id and i.deleted_at is null and i.status <> 'draft'))
          and (d.quote_id is null or exists (
            select 1 from public.quotes q where q.id = d.quote_id and q.deleted_at is null and q.status <> 'draft'))
          and (d.order_id is null or exists (
            select 1 from public.orders o where o.id = d.order_id and o.deleted_at is null))
          and (d.asset_id is null or exists (
            select 1 from public.assets a where a.id = d.asset_id and a.deleted_at is null))
          and (d.subscription_id is null or exists (
            select 1 from public.subscriptions s where s.id = d.subscription_id and s.deleted_at is null))
        )
        or (
          -- The PDF of an invoice, quote or order goes with it, as this portal shows that (F-5, F-36).
          d.is_document_pdf and (
            exists (
              select 1 from public.invoices i
              where i.id = d.invoice_id and i.customer_id = p.customer_id and i.deleted_at is null and i.status <> 'draft'
                and p.show_invoices and m.can_view_invoices
                and (not p.only_project_invoices or exists (
                  select 1 from public.portal_projects pp where pp.portal_id = p.id and pp.project_id = i.project_id)))
            or exists (
              select 1 from public.quotes q
              where q.id = d.quote_id and q.customer_id = p.customer_id and q.deleted_at is null and q.status <> 'draft'
                and p.show_quotes and m.can_view_quotes
                and (not p.only_project_invoices or exists (
                  select 1 from public.portal_projects pp where pp.portal_id = p.id and pp.project_id = q.project_id)))
            or exists (
              select 1 from public.orders o
              where o.id = d.order_id and o.customer_id = p.customer_id and o.deleted_at is null and p.show_orders)
          )
        )
      )`;
}
