# A small CNN trained with Adam for a few steps, then evaluated.
torch.manual_seed(2)
nn = torch.nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # no bias before batch norm: its gradient is rounding noise that
        # Adam would amplify into implementation-dependent steps
        self.conv = nn.Conv2d(1, 4, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.conv(x))))
        return self.fc(x.flatten(1))


net = Net()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
x = torch.randn(6, 1, 8, 8)
y = torch.tensor([0, 1, 2, 0, 1, 2])
for step in range(5):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
net.eval()
with torch.no_grad():
    print(net(x).argmax(dim=1))
print(list(net.state_dict().keys()))
print(net.bn.running_mean)
