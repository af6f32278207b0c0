import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore

/// The sign-in steps: password, second factor, enrollment, a password from a link, and confirming again.
extension WebPages {
    func signIn(_ request: WebRequest) async throws -> WebResponse {
        let site = request.site
        if let signedIn = request.signedIn, !request.isPost {
            return .redirect(Self.stagePage(signedIn.session.stage, site: site))
        }
        guard request.isPost else { return self.withFormToken(request) { self.render("sign_in", $0) } }
        let email = request.form["email"] ?? ""
        let attempt = SignIn.Attempt(
            email: email, password: request.form["password"] ?? "", sourceIP: request.sourceIP, userAgent: request.userAgent)
        do {
            let issued = try await SignIn(self.helpdesk)(attempt, tenant: request.tenant, audience: site.audience)
            var response = WebResponse.redirect(Self.stagePage(issued.session.stage, site: site))
            response.setCookie(Cookies.set(site.cookie, issued.token))
            return response
        } catch let error as SignInError {
            if error == .invalidCredentials || error == .tooLong {
                self.securityEvents.rejected(
                    .signInFailed, tenant: request.tenant.id, agent: nil, keyID: nil, route: "POST \(request.site.prefix)/sign-in",
                    sourceIP: request.sourceIP)
            }
            let status: HTTPResponse.Status = if case .locked = error { .tooManyRequests } else { .unauthorized }
            return self.render("sign_in", request, error: error.message, status: status, ["email": email])
        }
    }

    func twoFactor(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        guard request.isPost else { return self.render("two_factor", request) }
        let recovery = request.form["mode"] == "recovery"
        do {
            let issued = try await TwoFactor(self.helpdesk).complete(signedIn, code: request.form["code"] ?? "", recovery: recovery)
            var response = WebResponse.redirect(request.site.home)
            response.setCookie(Cookies.set(request.site.cookie, issued.token))
            return response
        } catch let error as SignInError {
            self.securityEvents.rejected(
                .signInFailed, tenant: request.tenant.id, agent: signedIn.principal.agentID, keyID: nil,
                route: "POST \(request.site.prefix)/two-factor",
                sourceIP: request.sourceIP)
            return self.render("two_factor", request, error: error.message, status: .unauthorized)
        }
    }

    func enroll(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let twoFactor = TwoFactor(self.helpdesk)
        if signedIn.session.stage == .complete {
            // Replacing a second factor (or adding one) from a full session: a stolen session must not swap in an
            // attacker's authenticator, so the password or a code comes first.
            if let redirect = self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + "/two-factor/enroll") {
                return redirect
            }
        }
        var error: String?
        if request.isPost {
            do {
                let (codes, issued) = try await twoFactor.confirm(signedIn, code: request.form["code"] ?? "")
                var current = request
                if let issued {
                    current.signedIn = signedIn.moved(to: issued.session)
                }
                var response = self.render("recovery_codes", current, notice: "Two-step verification is on.", ["codes": codes])
                if let issued { response.setCookie(Cookies.set(request.site.cookie, issued.token)) }
                return response
            } catch let failure as SignInError {
                error = failure.message
            }
        }
        let enrollment = try await twoFactor.begin(signedIn, issuer: self.issuer)
        let qr = "data:image/svg+xml;base64," + Data(enrollment.qrSVG.utf8).base64EncodedString()
        return self.render(
            "enroll", request, current: "/two-factor/enroll", error: error, status: error == nil ? .ok : .unprocessableContent,
            ["secret": enrollment.secret, "qr_data_uri": qr, "required": signedIn.session.stage == .enrollment])
    }

    func setPassword(_ request: WebRequest) async throws -> WebResponse {
        let passwords = Passwords(self.helpdesk)
        let token = request.isPost ? (request.form["token"] ?? "") : (request.query["token"] ?? "")
        let link = try await passwords.link(token, tenant: request.tenant)
        let policy = try await self.helpdesk.store.compiledPolicy(request.tenant.id).policy
        var values: [String: Any] = [
            "valid": link != nil, "token": token, "minimum": policy.audience(request.site.audience).passwordMinimumLength,
        ]
        guard request.isPost, link != nil else {
            var response = self.render("set_password", request, status: link == nil ? .gone : .ok, values)
            if Cookies.value(Site.formCookie, in: request.cookieHeader) == nil, link != nil {
                // The form token for this pre-session form, as on the sign-in page.
                let formToken = SecretTokens.generate(using: self.helpdesk.store.random)
                response = self.render("set_password", request.withFormToken(formToken), values)
                response.setCookie(Cookies.set(Site.formCookie, formToken))
            }
            return response
        }
        let new = request.form["new_password"] ?? ""
        guard new == request.form["repeat_password"] else {
            return self.render("set_password", request, error: "The two passwords are not the same.", status: .unprocessableContent, values)
        }
        do {
            _ = try await passwords.redeem(token, tenant: request.tenant, password: new, sourceIP: request.sourceIP)
            return .redirect(request.site.prefix + "/sign-in?notice=password-set")
        } catch let error as SignInError {
            values["valid"] = error != .invalidLink
            return self.render("set_password", request, error: error.message, status: .unprocessableContent, values)
        }
    }

    /// "Forgot your password?": mails a link when an account of this site's audience has the address, and answers
    /// the same either way (the page never tells who has an account). Limited per client address, so the form cannot
    /// be used to flood mailboxes; one person gets at most one link per five minutes (`Passwords.requestLink`).
    func forgotPassword(_ request: WebRequest) async throws -> WebResponse {
        guard request.isPost else { return self.withFormToken(request) { self.render("forgot_password", $0) } }
        let email = (request.form.text("email") ?? "").lowercased()
        guard EmailAddress.isValid(email) else {
            return self.render(
                "forgot_password", request, error: "Write the e-mail address of your account, like name@example.com.",
                status: .unprocessableContent, ["email": email])
        }
        if let wait = self.linkRequestThrottle.take(request.tenant.id, address: request.sourceIP) {
            return self.render(
                "forgot_password", request, error: "Too many requests from your network. Try again in \(wait / 60 + 1) minutes.",
                status: .tooManyRequests, ["email": email])
        }
        try await Passwords(self.helpdesk).requestLink(
            email: email, audience: request.site.audience, tenant: request.tenant.id, page: request.setPasswordPage,
            sourceIP: request.sourceIP)
        return self.render("forgot_password", request, ["sent": true, "email": email])
    }

    func confirm(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let next = Self.safeReturn(request.isPost ? request.form["next"] : request.query["next"], site: request.site)
        let credential = try await self.helpdesk.store.read { sql in
            try await self.helpdesk.store.credentialsOfPeople.find(signedIn.tenant.id, signedIn.person.id, on: sql)
        }
        let values: [String: Any] = ["next": next, "has_totp": credential?.hasSecondFactor ?? false]
        guard request.isPost else { return self.render("confirm", request, values) }
        let password = request.form.text("password") == nil ? nil : request.form["password"]
        let code = request.form.text("code")
        do {
            _ = try await Sessions(self.helpdesk).reauthenticate(signedIn, password: password, code: password == nil ? code : nil)
            return .redirect(next + (next.contains("?") ? "&" : "?") + "notice=confirmed")
        } catch let error as SignInError {
            return self.render("confirm", request, error: error.message, status: .unauthorized, values)
        }
    }

    /// Where a session of this stage goes next.
    static func stagePage(_ stage: StoredSession.Stage, site: Site) -> String {
        switch stage {
        case .complete: return site.home
        case .secondFactor: return site.prefix + "/two-factor"
        case .enrollment: return site.prefix + "/two-factor/enroll"
        }
    }

    /// Only a path of this site may be returned to (no open redirect to another host).
    static func safeReturn(_ next: String?, site: Site) -> String {
        guard let next, next.hasPrefix(site.home), !next.hasPrefix("//"), !next.contains("\\"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return site.home }
        return next
    }
}
