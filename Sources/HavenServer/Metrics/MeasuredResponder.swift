import HavenAPI
import HavenCore
import Hummingbird

/// Counts and times every request of a listener for the operators' metrics, by the route pattern the request was
/// routed to (`RequestRoute`; "other" when none named one: a refused host, a redirect, an unknown path).
struct MeasuredResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == HavenRequestContext {
    typealias Context = HavenRequestContext

    let base: Base
    let metrics: OperatorMetrics?

    func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        guard let metrics = self.metrics else { return try await self.base.respond(to: request, context: context) }
        let route = RequestRoute()
        let start = ContinuousClock.now
        do {
            let response = try await RequestRoute.$current.withValue(route) {
                try await self.base.respond(to: request, context: context)
            }
            metrics.request(route: route.name ?? "other", status: response.status.code, duration: ContinuousClock.now - start)
            return response
        } catch {
            // Hummingbird turns what escapes into a 500 (Haven's responders answer their own errors).
            metrics.request(route: route.name ?? "other", status: 500, duration: ContinuousClock.now - start)
            throw error
        }
    }
}
