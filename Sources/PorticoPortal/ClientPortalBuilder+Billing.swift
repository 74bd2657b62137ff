import Foundation
import PorticoMarkdown
import PorticoStore
import PorticoView

extension ClientPortalBuilder {
    func invoiceTotals(_ invoice: Invoice) -> (subtotal: Double, tax: Double, total: Double) {
        let subtotal = invoice.lines.reduce(0) { $0 + $1.quantity * $1.price }
        let tax = ((subtotal * (invoice.taxRate ?? 0)) * 100).rounded() / 100
        return (subtotal, tax, subtotal + tax)
    }

    func currency(of invoice: Invoice) -> String { invoice.currency.isEmpty ? client.currency : invoice.currency }

    func invoiceBadge(_ invoice: Invoice) -> Badge {
        var status = invoice.status
        // A sent invoice past its due date is overdue whatever the file says.
        if status == .sent, let due = invoice.due, due.day(in: timeZone) < today { status = .overdue }
        let icon = switch status {
        case .sent: "◷"
        case .paid: "✓"
        case .overdue: "!"
        case .void: "⊘"
        case .draft: "✎"
        }
        return Badge(label: localizer.text("invoice_" + status.rawValue), key: status.rawValue, icon: icon)
    }

    func invoiceRow(_ invoice: Invoice, from path: String) -> InvoiceRow {
        var row = InvoiceRow()
        row.number = invoice.number
        row.href = RelativePath.href(from: path, to: invoicePath(invoice))
        row.issued = dateText(invoice.issued) ?? DateText(text: "", iso: "")
        row.status = invoiceBadge(invoice)
        row.due = dateText(invoice.due, overdueUnlessDone: invoice.status == .paid || invoice.status == .void)
        let total = invoiceTotals(invoice).total
        row.total = localizer.money(total, currency: currency(of: invoice))
        if invoice.status == .sent || invoice.status == .overdue { row.outstanding = row.total }
        return row
    }

    func buildBilling() {
        guard hasBilling else { return }
        let path = Self.billingPath
        var page = BillingPage(page: chrome(path: path, heading: localizer.text("title_billing"),
                                            breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath)], section: "billing"))
        let invoices = client.invoices.sorted { ($0.issued.instant(in: timeZone), $0.number) > ($1.issued.instant(in: timeZone), $1.number) }
        page.invoices = invoices.map { invoiceRow($0, from: path) }
        var outstanding: [String: Double] = [:]
        for invoice in invoices where invoice.status == .sent || invoice.status == .overdue {
            outstanding[currency(of: invoice), default: 0] += invoiceTotals(invoice).total
        }
        page.outstanding = outstanding.keys.sorted().map { localizer.money(outstanding[$0]!, currency: $0) }
        page.retainer = client.retainer.map { localizer.hours($0.hoursPerMonth) }
        if client.retainer != nil || hasBillableTime {
            var month = CalendarDay(year: today.year, month: today.month, day: 1)
            for _ in 0..<6 {
                let hours = billableHours(inMonthOf: month)
                var row = BillingPage.Month()
                row.label = localizer.month(month.start(in: timeZone))
                row.hours = localizer.hours(hours)
                if let retainer = client.retainer {
                    row.percent = retainer.hoursPerMonth > 0 ? Int((hours / retainer.hoursPerMonth * 100).rounded()) : 0
                    row.barPercent = min(100, row.percent)
                    row.over = hours > retainer.hoursPerMonth
                } else {
                    row.hasBar = false
                }
                page.months.append(row)
                month = month.month == 1 ? CalendarDay(year: month.year - 1, month: 12, day: 1) : CalendarDay(year: month.year, month: month.month - 1, day: 1)
            }
        }
        if !isEncrypted {
            page.timeExport = RelativePath.href(from: path, to: Self.timeExportPath)
        }
        add(path, .billing(page))
        for invoice in invoices { buildInvoice(invoice) }
    }

    private func buildInvoice(_ invoice: Invoice) {
        let path = invoicePath(invoice)
        let heading = localizer.text("title_invoice", ["number": invoice.number])
        var page = InvoicePage(page: chrome(path: path, heading: heading,
                                            breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath),
                                                          (localizer.text("title_billing"), Self.billingPath)], section: "billing"))
        let code = currency(of: invoice)
        page.number = invoice.number
        page.status = invoiceBadge(invoice)
        page.issued = dateText(invoice.issued) ?? DateText(text: "", iso: "")
        page.due = dateText(invoice.due, overdueUnlessDone: invoice.status == .paid || invoice.status == .void)
        page.paid = invoice.status == .paid ? dateText(invoice.paid) : nil
        page.billTo = client.name
        page.from = parent.store.settings.agency.name
        page.lines = invoice.lines.map { line in
            var row = InvoicePage.Line()
            row.text = line.text
            row.quantity = localizer.number(line.quantity) + (line.unit.map { " " + $0 } ?? "")
            row.price = localizer.money(line.price, currency: code)
            row.amount = localizer.money(line.quantity * line.price, currency: code)
            return row
        }
        let totals = invoiceTotals(invoice)
        page.subtotal = localizer.money(totals.subtotal, currency: code)
        if let rate = invoice.taxRate, rate > 0 {
            page.taxLabel = localizer.text("invoice_tax", ["rate": localizer.percent(rate)])
            page.tax = localizer.money(totals.tax, currency: code)
        }
        page.total = localizer.money(totals.total, currency: code)
        if invoice.status == .sent || invoice.status == .overdue, let url = invoice.payURL, URLPolicy.isSafeExternal(url),
           url.lowercased().hasPrefix("https:") || url.lowercased().hasPrefix("http:") {
            page.payURL = url
        }
        add(path, .invoice(page))
    }
}
